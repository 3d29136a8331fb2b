import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A mobile phone number in E.164 (`+77011234567`), or null when it is not a valid mobile
 * number. Numbers without a country code are read as Kazakhstan's.
 */
export function normalisePhone(value: string): string | null {
  const phone = parsePhoneNumberFromString(value, 'KZ');
  if (!phone?.isValid()) return null;
  const type = phone.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? phone.number : null;
}
