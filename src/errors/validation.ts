import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from './app-error';

export interface FieldFailure {
  field: string;
  constraints: string[];
}

/** Flattens nested class-validator errors into `a.b.c` field paths with their messages. */
export function fieldFailures(errors: ValidationError[], parent = ''): FieldFailure[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, constraints: Object.values(error.constraints) }] : [];
    return [...own, ...fieldFailures(error.children ?? [], field)];
  });
}

export function validationFailed(failures: FieldFailure[]): AppError {
  const names = failures.map((f) => f.field).join(', ');
  return new AppError('VALIDATION_FAILED', `Invalid input: ${names}`, failures);
}

/**
 * Every body, query and param goes through this pipe: unknown fields are refused (not
 * stripped), and messages name the field and the rule, never the submitted value.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(fieldFailures(errors)),
  });
}
