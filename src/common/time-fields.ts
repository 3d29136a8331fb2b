import { isISO8601, ValidateBy } from 'class-validator';
import { declareRuleSchema } from '../openapi/limits';

/**
 * Times and dates come in as ISO 8601 strings. class-validator's `IsISO8601` accepts
 * strings that `Date` cannot read (it lets an invisible U+FEFF through between the month
 * and the day), and what it accepts then reached `new Date(...)` as an Invalid Date and
 * the database as a 500. So a time is accepted here only when it is printable ASCII, is
 * ISO 8601 by the strict rule, reads as a real `Date`, and falls in the years both
 * databases can store (1000-9999). Every DTO declares a time or a date through these two
 * (lint refuses `IsISO8601`), so what the validator admits is what the code can use.
 */
const ASCII_TIME = /^[0-9A-Za-z:.,+-]+$/;
const TIME_MAX_LENGTH = 40;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

declareRuleSchema('isInstant', { pattern: ASCII_TIME.source, maxLength: TIME_MAX_LENGTH });
declareRuleSchema('isDay', { pattern: DAY.source, format: 'date' });

function readableTime(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > TIME_MAX_LENGTH || !ASCII_TIME.test(value))
    return false;
  if (!isISO8601(value, { strict: true, strictSeparator: true })) return false;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1000 && year <= 9999;
}

/** An instant (ISO 8601 date-time or date), usable as a `Date` on both databases. */
export const IsInstant = (): PropertyDecorator =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: readableTime,
      defaultMessage: () => '$property must be an ISO 8601 time (for example 2026-11-30T09:30:00Z)',
    },
  });

/** A calendar date, `YYYY-MM-DD`, that exists (no 31 April). */
export const IsDay = (): PropertyDecorator =>
  ValidateBy({
    name: 'isDay',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && DAY.test(value) && readableTime(value),
      defaultMessage: () => '$property must be a date (YYYY-MM-DD)',
    },
  });
