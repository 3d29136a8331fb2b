/**
 * Kazakhstan's individual (IIN) and business (BIN) identification numbers: 12 digits whose
 * last is a check digit. Weights 1..11 first; if that gives 10, weights 3..11,1,2; if that
 * gives 10 again the number is invalid (no such number is ever issued).
 */

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or null when both passes give 10. */
export function checkDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const pass = (weights: number[]) =>
    digits.reduce((sum, digit, i) => sum + digit * weights[i], 0) % 11;
  const first = pass(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = pass(SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

function hasValidCheckDigit(value: string): boolean {
  return /^\d{12}$/.test(value) && checkDigit(value.slice(0, 11)) === Number(value[11]);
}

/** Century of birth by the 7th digit (odd: male, even: female). */
const CENTURY: Record<string, number> = {
  '1': 1800,
  '2': 1800,
  '3': 1900,
  '4': 1900,
  '5': 2000,
  '6': 2000,
};

/** YYMMDD, a century/sex digit 1-6, a real calendar date, and the check digit. */
export function isValidIin(value: string): boolean {
  if (!hasValidCheckDigit(value)) return false;
  const century = CENTURY[value[6]];
  if (century === undefined) return false;
  const year = century + Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** YYMM of registration, entity type 4-6, attribute 0-3, serial, and the same check digit. */
export function isValidBin(value: string): boolean {
  if (!hasValidCheckDigit(value)) return false;
  const month = Number(value.slice(2, 4));
  return month >= 1 && month <= 12 && '456'.includes(value[4]) && '0123'.includes(value[5]);
}
