import { type ArgumentMetadata, HttpException, Logger, ValidationPipe } from '@nestjs/common';
import { ValidationError, type ValidatorOptions } from 'class-validator';
import { acceptsNull, declaredProperties } from '../common/presence';
import { AppError } from './app-error';

export interface FieldFailure {
  field: string;
  constraints: string[];
}

/**
 * A key the caller sent is named back only when it looks like a field name, and then cut
 * short: a key can carry anything (a whole form-encoded body, an email), and an error
 * never repeats what was submitted.
 */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$|^\d+$/;
const FIELD_NAME_MAX = 40;
const UNNAMED = '(unnamed)';

export function fieldName(property: string): string {
  return FIELD_NAME.test(property) ? property.slice(0, FIELD_NAME_MAX) : UNNAMED;
}

const unknownField = (name: string): string =>
  name === UNNAMED
    ? 'a field this request does not have (its name is not repeated)'
    : `${name} is not a field of this request`;

/** Flattens nested class-validator errors into `a.b.c` field paths with their messages. */
export function fieldFailures(errors: ValidationError[], parent = ''): FieldFailure[] {
  return errors.flatMap((error) => {
    const name = fieldName(error.property);
    const field = parent ? `${parent}.${name}` : name;
    const constraints = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      // class-validator's own message for an unknown field repeats the key as sent.
      rule === 'whitelistValidation' ? unknownField(name) : message,
    );
    const own = constraints.length > 0 ? [{ field, constraints }] : [];
    return [...own, ...fieldFailures(error.children ?? [], field)];
  });
}

/** One failure per field, with every rule it broke (null's own refusal first). */
export function validationFailed(failures: FieldFailure[]): AppError {
  const byField = new Map<string, string[]>();
  for (const { field, constraints } of failures) {
    const known = byField.get(field) ?? [];
    byField.set(field, [...new Set([...known, ...constraints])]);
  }
  const merged = [...byField].map(([field, constraints]) => ({
    field,
    constraints: constraints.some((c) => c.endsWith('must not be null'))
      ? constraints.filter((c) => c.endsWith('must not be null'))
      : constraints,
  }));
  return new AppError(
    'VALIDATION_FAILED',
    `Invalid input: ${[...byField.keys()].join(', ')}`,
    merged,
  );
}

export const malformed = (what = 'request'): AppError =>
  new AppError('VALIDATION_FAILED', `Malformed ${what}`);

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** null where the DTO does not declare `@Nullable()`, at any depth of nested DTOs. */
function nullErrors(instance: object): ValidationError[] {
  const declared = declaredProperties(instance.constructor as new () => object);
  const failures: ValidationError[] = [];
  for (const [property, value] of Object.entries(instance) as Array<[string, unknown]>) {
    if (!declared.has(property)) continue;
    const error = Object.assign(new ValidationError(), {
      property,
      children: [] as ValidationError[],
    });
    if (value === null && !acceptsNull(instance, property)) {
      error.constraints = { isNotNull: `${property} must not be null` };
    } else if (Array.isArray(value)) {
      error.children = value.flatMap((item: unknown, index) => {
        const children = isDto(item) ? nullErrors(item) : [];
        return children.length > 0
          ? [Object.assign(new ValidationError(), { property: String(index), children })]
          : [];
      });
    } else if (isDto(value)) {
      error.children = nullErrors(value);
    }
    if (error.constraints || error.children.length > 0) failures.push(error);
  }
  return failures;
}

const isDto = (value: unknown): value is object =>
  isPlainObject(value) &&
  (value as object).constructor !== Object &&
  declaredProperties((value as object).constructor as new () => object).size > 0;

/**
 * Every body, query and param goes through this pipe. What it refuses, before any
 * service sees the value:
 * - a body or query that is not an object (a JSON array, string or number);
 * - unknown fields (refused, not stripped), named only when they look like names;
 * - null for a property not declared `@Nullable()`;
 * - anything that makes a validator or transformer throw (a library's bug on hostile
 *   input is a 400 here, never a 500).
 * Messages name the field and the rule, never the submitted value.
 */
class BoundaryValidationPipe extends ValidationPipe {
  private readonly logger = new Logger('Validation');

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && metadata.metatype) {
      if (value !== undefined && !isPlainObject(value)) {
        throw new AppError('VALIDATION_FAILED', `The ${metadata.type} must be a JSON object`);
      }
    }
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.logger.warn({ err: { type: (error as Error)?.name } }, 'a validator failed on input');
      throw malformed();
    }
  }

  protected override async validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    return [...errors, ...(isDto(object) ? nullErrors(object) : [])];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BoundaryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(fieldFailures(errors)),
  });
}
