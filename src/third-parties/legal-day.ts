/**
 * Agreements are dated in calendar days (`signedOn`, `validUntil`), as the paper says.
 * A day is read in Kazakhstan's time (Asia/Almaty, as the IANA database defines it), not
 * in UTC: an agreement valid until 10 January covers the whole of 10 January in Almaty
 * and stops covering transfers at 00:00 Almaty time on 11 January.
 */
export const LEGAL_TIME_ZONE = 'Asia/Almaty';

const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: LEGAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` of the moment in Almaty; ISO dates compare correctly as strings. */
export function legalDay(moment: Date): string {
  return FORMAT.format(moment);
}

/** Whether `YYYY-MM-DD` names a day that exists (no 30 February). */
export function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
