import { WorkingDays } from '../../src/calendar/working-days';
import { language } from './i18n';

/** Every time in the console is shown as it is in Almaty, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Almaty';

const locale = (): string => (language() === 'ru' ? 'ru-RU' : 'en-GB');

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function dateOnly(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(
    new Date(iso),
  );
}

let calendar = new WorkingDays();

/** The server's public holidays (PUBLIC_HOLIDAYS), so "working days left" agrees with it. */
export function setHolidays(holidays: readonly string[]): void {
  if (holidays.length > 0) calendar = new WorkingDays(holidays);
}

/**
 * Whole working days from today (Almaty) to the day of `due`: 0 when it falls due today,
 * negative once it has passed (-1: a working day overdue). The same calendar as the
 * server's deadlines (src/calendar/working-days.ts).
 */
export function workingDaysLeft(due: Date, now = new Date()): number {
  if (due.getTime() < now.getTime()) {
    let late = 0;
    while (calendar.addWorkingDays(due, late + 1).getTime() < now.getTime()) late += 1;
    return -(late + 1);
  }
  let left = 0;
  while (calendar.addWorkingDays(now, left).getTime() < due.getTime()) left += 1;
  return left;
}
