/** A payment card number: 13-19 digits passing the Luhn check. Spaces and dashes are ignored. */
export function normaliseCardNumber(value: string): string {
  return value.replace(/[\s-]+/g, '');
}

export function isValidCardNumber(value: string): boolean {
  const digits = normaliseCardNumber(value);
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
