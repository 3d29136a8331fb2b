import type { EntityManager } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';

/** A datetime from a raw query: mysql2 gives a Date; SQLite the UTC text TypeORM wrote. */
export function fromDbTime(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * A datetime as a raw query's parameter: mysql2 binds a Date (the pool's timezone is UTC);
 * SQLite compares the UTC text TypeORM writes, so it gets that text.
 */
export function toDbTime(manager: EntityManager, date: Date): Date | string {
  return manager.connection.options.type === 'better-sqlite3'
    ? (DateUtils.mixedDateToUtcDatetimeString(date) as string)
    : date;
}
