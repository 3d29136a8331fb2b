/**
 * Working-day arithmetic for legal deadlines (DESIGN.md, "Legal timings"): weekends and
 * public holidays do not count.
 *
 * Days are Asia/Almaty local dates (UTC+5, Kazakhstan's single time zone since March
 * 2024, no daylight saving): a request filed at 21:00 UTC on a Friday was filed on
 * Saturday in Almaty. A deadline of N working days ends at 23:59:59.999 Almaty time on
 * the Nth working day after the day of filing (the day of filing never counts).
 */

/** Kazakhstan's offset from UTC, fixed. */
export const ALMATY_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Kazakhstan's fixed-date public holidays (Labour Code art. 84 and the law on holidays):
 * New Year (1–2 Jan), Orthodox Christmas (7 Jan), Women's Day (8 Mar), Nauryz (21–23
 * Mar), Unity Day (1 May), Defender's Day (7 May), Victory Day (9 May), Capital Day
 * (6 Jul), Constitution Day (30 Aug), Republic Day (25 Oct), Independence Day (16 Dec).
 * Kurban Ait moves with the lunar calendar and the government's yearly day transfers are
 * decrees: give those as `YYYY-MM-DD` entries in PUBLIC_HOLIDAYS.
 */
export const KZ_FIXED_HOLIDAYS: readonly string[] = [
  '01-01',
  '01-02',
  '01-07',
  '03-08',
  '03-21',
  '03-22',
  '03-23',
  '05-01',
  '05-07',
  '05-09',
  '07-06',
  '08-30',
  '10-25',
  '12-16',
];

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FULL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Whether an entry is `MM-DD` (every year) or `YYYY-MM-DD` (that day only). */
export function isHolidayEntry(entry: string): boolean {
  return MONTH_DAY.test(entry) || FULL_DATE.test(entry);
}

/** A moment as people read it, in Almaty time: `DD.MM.YYYY`, with ` HH:MM` when asked. */
export function shownInAlmaty(at: Date, withTime = false): string {
  const local = new Date(at.getTime() + ALMATY_OFFSET_MS).toISOString();
  const date = `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)}`;
  return withTime ? `${date} ${local.slice(11, 16)}` : date;
}

/** `YYYY-MM-DD` of the Almaty local date of a moment. */
export function almatyDate(at: Date): string {
  return new Date(at.getTime() + ALMATY_OFFSET_MS).toISOString().slice(0, 10);
}

export class WorkingDays {
  private readonly everyYear = new Set<string>();
  private readonly once = new Set<string>();

  /** `holidays`: `MM-DD` and/or `YYYY-MM-DD` entries; anything else is a programming error. */
  constructor(holidays: readonly string[] = KZ_FIXED_HOLIDAYS) {
    for (const entry of holidays) {
      if (MONTH_DAY.test(entry)) this.everyYear.add(entry);
      else if (FULL_DATE.test(entry)) this.once.add(entry);
      else throw new Error(`not a holiday date (MM-DD or YYYY-MM-DD): ${entry}`);
    }
  }

  /** Whether the Almaty local day containing `at` is a working day. */
  isWorkingDay(at: Date): boolean {
    const local = new Date(at.getTime() + ALMATY_OFFSET_MS);
    const weekday = local.getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    const date = local.toISOString().slice(0, 10);
    return !this.once.has(date) && !this.everyYear.has(date.slice(5));
  }

  /**
   * The end (23:59:59.999 Almaty time) of the `n`th working day after the day of `from`;
   * `n = 0` is the end of the day of `from` itself.
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0)
      throw new Error('n must be a whole number of days, 0 or more');
    const local = new Date(from.getTime() + ALMATY_OFFSET_MS);
    // Midnight of the local day, expressed as the UTC instant of Almaty midnight.
    let day =
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - ALMATY_OFFSET_MS;
    let left = n;
    while (left > 0) {
      day += DAY_MS;
      if (this.isWorkingDay(new Date(day))) left -= 1;
    }
    return new Date(day + DAY_MS - 1);
  }
}
