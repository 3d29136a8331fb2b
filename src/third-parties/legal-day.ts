/**
 * Agreements are dated in calendar days (`signedOn`, `validUntil`), as the paper says.
 * A day is read in Kazakhstan's time (Asia/Almaty, UTC+5), not in UTC, and is the same
 * local day the working-day calendar counts: an agreement valid until 10 January covers
 * the whole of 10 January in Almaty and stops covering transfers at 00:00 Almaty time on
 * 11 January (19:00 UTC on the 10th).
 */
export { almatyDate as legalDay } from '../calendar/working-days';

export const LEGAL_TIME_ZONE = 'Asia/Almaty';

/** Whether `YYYY-MM-DD` names a day that exists (no 30 February). */
export function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
