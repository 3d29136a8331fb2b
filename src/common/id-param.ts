import { Param, ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from '../errors/validation';

/** A `:name` path parameter that must be a UUID; anything else is VALIDATION_FAILED. */
export const IdParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        validationFailed([{ field: name, constraints: [`${name} must be a UUID`] }]),
    }),
  );
