import { almatyDate, KZ_FIXED_HOLIDAYS, WorkingDays } from './working-days';

/** An Almaty local time as a UTC instant: `at('2026-11-27T10:00')` is 05:00 UTC. */
const at = (local: string): Date => new Date(`${local}:00+05:00`);
const endOf = (date: string): string =>
  at(`${date}T23:59`).toISOString().replace(':00.000Z', ':59.999Z');

describe('WorkingDays (Asia/Almaty local dates)', () => {
  const kz = new WorkingDays();

  it('ships the fixed-date Kazakhstan holidays by default', () => {
    expect(KZ_FIXED_HOLIDAYS).toHaveLength(14);
    expect(kz.isWorkingDay(at('2026-12-16T12:00'))).toBe(false);
    expect(kz.isWorkingDay(at('2026-03-23T12:00'))).toBe(false);
    expect(kz.isWorkingDay(at('2026-12-15T12:00'))).toBe(true);
  });

  it('counts Almaty dates, not UTC dates', () => {
    // 20:00 UTC on Friday 27 November 2026 is already Saturday 01:00 in Almaty.
    const lateFriday = new Date('2026-11-27T20:00:00Z');
    expect(almatyDate(lateFriday)).toBe('2026-11-28');
    expect(kz.isWorkingDay(lateFriday)).toBe(false);
    expect(kz.isWorkingDay(new Date('2026-11-27T18:00:00Z'))).toBe(true);
  });

  it('ends a one-day deadline filed on Tuesday at the end of Wednesday', () => {
    expect(kz.addWorkingDays(at('2026-11-24T10:00'), 1).toISOString()).toBe(endOf('2026-11-25'));
  });

  it('skips the weekend: filed on Friday, 1 working day ends on Monday', () => {
    expect(kz.addWorkingDays(at('2026-11-27T10:00'), 1).toISOString()).toBe(endOf('2026-11-30'));
    expect(kz.addWorkingDays(at('2026-11-28T10:00'), 1).toISOString()).toBe(endOf('2026-11-30'));
  });

  it('skips a holiday: 3 working days from Monday 14 December 2026 skip Wednesday the 16th', () => {
    expect(kz.addWorkingDays(at('2026-12-14T09:00'), 3).toISOString()).toBe(endOf('2026-12-18'));
  });

  it('skips a holiday on Friday and the weekend after it', () => {
    // 8 March 2024 (Women's Day) was a Friday.
    expect(kz.addWorkingDays(at('2024-03-07T15:00'), 1).toISOString()).toBe(endOf('2024-03-11'));
  });

  it('crosses the year end: filed on 31 December 2026, 1 working day is 4 January 2027', () => {
    expect(kz.addWorkingDays(at('2026-12-31T17:00'), 1).toISOString()).toBe(endOf('2027-01-04'));
    // 1-2 Jan are holidays, 3 Jan Sunday; 3 working days: 4, 5, 6 Jan (7 Jan is Christmas).
    expect(kz.addWorkingDays(at('2026-12-31T17:00'), 3).toISOString()).toBe(endOf('2027-01-06'));
  });

  it('takes one-off dates and a replaced list', () => {
    const custom = new WorkingDays(['2026-11-25']);
    expect(custom.isWorkingDay(at('2026-11-25T12:00'))).toBe(false);
    expect(custom.isWorkingDay(at('2027-11-25T12:00'))).toBe(true);
    expect(custom.isWorkingDay(at('2026-12-16T12:00'))).toBe(true);
    expect(custom.addWorkingDays(at('2026-11-24T10:00'), 1).toISOString()).toBe(
      endOf('2026-11-26'),
    );
  });

  it('ends a zero-day deadline at the end of the same day, and refuses negatives', () => {
    expect(kz.addWorkingDays(at('2026-11-24T00:00'), 0).toISOString()).toBe(endOf('2026-11-24'));
    expect(() => kz.addWorkingDays(new Date(), -1)).toThrow();
    expect(() => new WorkingDays(['2026-13-01'])).toThrow();
  });
});
