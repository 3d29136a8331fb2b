import { isValidCardNumber } from './card';
import { isValidKzIban } from './iban';
import { normalisePhone } from './phone';

describe('KZ IBAN (P4.2)', () => {
  it.each(['KZ86125KZT5004100100', 'kz86 125k zt50 0410 0100'])('accepts %s', (iban) => {
    expect(isValidKzIban(iban)).toBe(true);
  });

  it.each([
    ['KZ87125KZT5004100100', 'wrong check digits'],
    ['KZ86125KZT500410010', '19 characters'],
    ['DE89370400440532013000', 'not Kazakhstan'],
    ['KZ86AB5KZT5004100100', 'letters in the bank code'],
  ])('refuses %s (%s)', (iban) => {
    expect(isValidKzIban(iban)).toBe(false);
  });
});

describe('Card number (P4.2)', () => {
  it.each([
    '4111111111111111',
    '5555 5555 5555 4444',
    '378282246310005',
    '6011111111111117',
    '4222222222222',
  ])('accepts the test card %s', (card) => {
    expect(isValidCardNumber(card)).toBe(true);
  });

  it.each([
    ['4111111111111112', 'Luhn fails'],
    ['411111111111', '12 digits'],
    ['41111111111111111111', '20 digits'],
    ['4111-1111-1111-111a', 'a letter'],
  ])('refuses %s (%s)', (card) => {
    expect(isValidCardNumber(card)).toBe(false);
  });
});

describe('Mobile phone (P4.2)', () => {
  it('stores E.164, reading numbers without a country code as Kazakhstan', () => {
    expect(normalisePhone('+7 701 123 45 67')).toBe('+77011234567');
    expect(normalisePhone('8 (701) 123-45-67')).toBe('+77011234567');
    expect(normalisePhone('+7 747 555 12 34')).toBe('+77475551234');
  });

  it('refuses what is not a mobile number', () => {
    expect(normalisePhone('+7 701 123')).toBeNull();
    expect(normalisePhone('hello')).toBeNull();
    expect(normalisePhone('+7 7172 55 12 34')).toBeNull();
  });
});
