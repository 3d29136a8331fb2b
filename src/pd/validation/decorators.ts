import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isValidCardNumber } from './card';
import { isValidKzIban } from './iban';
import { isValidBin, isValidIin } from './iin';
import { normalisePhone } from './phone';

const rule = (
  name: string,
  test: (value: string) => boolean,
  message: string,
  options?: ValidationOptions,
) =>
  ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && test(value),
        defaultMessage: () => message,
      },
    },
    options,
  );

export const IsIin = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isIin',
    isValidIin,
    '$property must be a valid IIN (12 digits, birth date, check digit)',
    options,
  );

export const IsBin = (options?: ValidationOptions): PropertyDecorator =>
  rule('isBin', isValidBin, '$property must be a valid BIN (12 digits, check digit)', options);

export const IsKzIban = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isKzIban',
    isValidKzIban,
    '$property must be a valid Kazakhstan IBAN (KZ, 20 characters, mod-97)',
    options,
  );

export const IsCardNumber = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isCardNumber',
    isValidCardNumber,
    '$property must be a valid card number (13-19 digits, Luhn)',
    options,
  );

export const IsMobilePhone = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isMobilePhone',
    (value) => normalisePhone(value) !== null,
    '$property must be a valid mobile phone number',
    options,
  );
