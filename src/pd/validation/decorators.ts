import { ValidateBy, type ValidationOptions } from 'class-validator';
import { declareRuleSchema, type RuleSchema } from '../../openapi/limits';
import { isValidCardNumber } from './card';
import { isValidKzIban } from './iban';
import { isValidBin, isValidIin } from './iin';
import { normalisePhone } from './phone';

/**
 * A rule over a string of a known shape: the shape (a pattern, a length) is checked first,
 * so no hostile megabyte reaches a parser, and is declared to the contract (limits.ts),
 * so the document says exactly what the rule refuses before its own test.
 */
const rule = (
  name: string,
  shape: RuleSchema,
  test: (value: string) => boolean,
  message: string,
  options?: ValidationOptions,
) => {
  declareRuleSchema(name, shape);
  const pattern = shape.pattern === undefined ? null : new RegExp(shape.pattern, 'u');
  const fits = (value: string): boolean =>
    value.length <= (shape.maxLength ?? Infinity) && (pattern?.test(value) ?? true);
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && fits(value) && test(value),
        defaultMessage: () => message,
      },
    },
    options,
  );
};

/** Twelve digits: an IIN or a BIN as written. */
const TWELVE_DIGITS: RuleSchema = { pattern: '^\\d{12}$' };
/**
 * KZ, five digits and thirteen letters or digits, with whitespace anywhere (it is dropped
 * before the check), and no longer than the longest IBAN of any country, 34.
 */
const KZ_IBAN: RuleSchema = {
  pattern: '^\\s*[Kk]\\s*[Zz](?:\\s*\\d){5}(?:\\s*[0-9A-Za-z]){13}\\s*$',
  maxLength: 34,
};
/** 13-19 digits with spaces or dashes anywhere, 40 characters in all at most. */
const CARD_NUMBER: RuleSchema = { pattern: '^[\\s-]*(?:\\d[\\s-]*){13,19}$', maxLength: 40 };
/** Digits with the usual separators, `+` first when the country is written: 32 at most. */
const PHONE: RuleSchema = { pattern: '^\\+?[0-9 ().-]{1,31}$' };

export const IsIin = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isIin',
    TWELVE_DIGITS,
    isValidIin,
    '$property must be a valid IIN (12 digits, birth date, check digit)',
    options,
  );

export const IsBin = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isBin',
    TWELVE_DIGITS,
    isValidBin,
    '$property must be a valid BIN (12 digits, check digit)',
    options,
  );

export const IsKzIban = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isKzIban',
    KZ_IBAN,
    isValidKzIban,
    '$property must be a valid Kazakhstan IBAN (KZ, 20 characters, mod-97)',
    options,
  );

export const IsCardNumber = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isCardNumber',
    CARD_NUMBER,
    isValidCardNumber,
    '$property must be a valid card number (13-19 digits, Luhn)',
    options,
  );

export const IsMobilePhone = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isMobilePhone',
    PHONE,
    (value) => normalisePhone(value) !== null,
    '$property must be a valid mobile phone number',
    options,
  );
