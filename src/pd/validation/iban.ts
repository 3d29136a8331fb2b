/**
 * A Kazakhstan IBAN: 20 characters, `KZ`, two check digits, a 3-digit bank code and a
 * 13-character account, passing ISO 13616 mod-97 (the rearranged number mod 97 is 1).
 */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isValidKzIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!/^KZ\d{2}\d{3}[A-Z0-9]{13}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
