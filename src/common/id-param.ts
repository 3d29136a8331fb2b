import { applyDecorators, Param, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { isUUID, ValidateBy } from 'class-validator';
import { validationFailed } from '../errors/validation';

/**
 * Ids are UUIDs, compared in one canonical form: lower case. The application compares
 * strings exactly, SQLite too, but MySQL and MariaDB compare without case, so the same
 * id in upper case would be "another person" to a check in code and "the same row" to
 * the database (an officer issuing an order to themself, P10). Every id that comes in, in
 * a path, a query or a body, is therefore validated and lower-cased here, once, at the
 * boundary; nothing behind it ever sees another spelling.
 */
export function canonicalId(value: unknown): string | null {
  return typeof value === 'string' && isUUID(value) ? value.toLowerCase() : null;
}

class CanonicalIdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly name: string) {}

  transform(value: unknown): string {
    const id = canonicalId(value);
    if (id === null) {
      throw validationFailed([{ field: this.name, constraints: [`${this.name} must be a UUID`] }]);
    }
    return id;
  }
}

/** A `:name` path parameter that must be a UUID, handed on in lower case. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new CanonicalIdPipe(name));

/**
 * A DTO property (body or query) that holds an id: validated as a UUID and lower-cased
 * before any rule reads it. The only way a DTO declares an id (lint refuses `IsUUID`).
 */
export const IdField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: String, format: 'uuid' }),
    Transform(({ value }: { value: unknown }) => canonicalId(value) ?? value),
    ValidateBy({
      name: 'isId',
      validator: {
        validate: (value: unknown) => canonicalId(value) === value,
        defaultMessage: () => '$property must be a UUID',
      },
    }),
  );
