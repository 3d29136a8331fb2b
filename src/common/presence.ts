import { applyDecorators, type Type as Class } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  getMetadataStorage,
  IsArray,
  IsObject,
  ValidateIf,
  ValidateNested,
  ValidationTypes,
} from 'class-validator';

/*
 * How absent, null and nested values are declared. `@IsOptional()` alone lets both
 * undefined and null through without a single rule, so a service that was promised a
 * string got null and failed with a 500 (`"password": null`). The validation pipe
 * therefore refuses null for every property that does not say `@Nullable()`, at any
 * depth, whatever else it declares: absent is absent, null is a value, and a value
 * must be one the property accepts.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each DTO narrows it to itself
type NullWhen = (dto: any) => boolean;
interface NullableContext {
  acceptsNull: NullWhen;
}
const always: NullWhen = () => true;

/**
 * null is a meaningful value here ("none": erases the field on a change, or "not
 * applicable") and the service reads it as such: null skips the property's other rules.
 * `when` narrows it to the cases where null makes sense (a law reference may be null
 * unless the basis is LAW). Says nothing about absence: add `@IsOptional()` for that.
 */
export const Nullable = (when: NullWhen = always): PropertyDecorator =>
  applyDecorators(
    Allow({ context: { acceptsNull: when } satisfies NullableContext }),
    ValidateIf((dto: object, value: unknown) => !(value === null && when(dto))),
  );

/** Whether `property` of `instance` (its class or a class it was derived from) may be null. */
export function acceptsNull(instance: object, property: string): boolean {
  return getMetadataStorage()
    .getTargetValidationMetadatas(instance.constructor, '', true, false)
    .some(
      (rule) =>
        rule.propertyName === property &&
        rule.type === ValidationTypes.WHITELIST &&
        (rule.context as NullableContext | undefined)?.acceptsNull(instance) === true,
    );
}

/** The properties `dto` declares any rule for: the only ones it accepts. */
export function declaredProperties(dto: Class): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((rule) => rule.propertyName),
  );
}

/**
 * One nested object validated by its class. It must be an object: an array (whose
 * elements would each be validated, and the value silently dropped by the service) or
 * a string is refused, and so is a missing one unless the property is optional.
 */
export const Nested = (of: () => Class): PropertyDecorator =>
  applyDecorators(IsObject({ message: '$property must be an object' }), ValidateNested(), Type(of));

/** A list of nested objects, each validated by its class. */
export const NestedList = (of: () => Class, max: number): PropertyDecorator =>
  applyDecorators(
    IsArray({ message: '$property must be a list' }),
    ArrayMaxSize(max),
    IsObject({ each: true, message: 'each of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(of),
  );

/**
 * Every property optional, and null meaning "erase it" (a PATCH body): the service
 * refuses to erase what is required, with its own reason.
 */
export function ErasablePartial<T>(dto: Class<T>): Class<Partial<T>> {
  const partial = PartialType(dto);
  for (const property of declaredProperties(dto)) {
    Nullable()(partial.prototype as object, property);
  }
  return partial;
}
