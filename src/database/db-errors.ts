import { QueryFailedError } from 'typeorm';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';

interface DriverError {
  code?: string;
  errno?: number;
}

/** The driver's code and number: what a failure is, without its message (which quotes values). */
function driverOf(error: unknown): DriverError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver: unknown = error.driverError;
  return typeof driver === 'object' && driver !== null ? driver : {};
}

/** A unique index refused the row (MySQL/MariaDB ER_DUP_ENTRY or SQLite UNIQUE). */
export function isDuplicateKey(error: unknown): boolean {
  const driver = driverOf(error);
  if (!driver) return false;
  return (
    driver.code === 'ER_DUP_ENTRY' ||
    driver.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * The transaction lost a race and was rolled back whole, so running it again is safe:
 * - 1213 ER_LOCK_DEADLOCK: InnoDB chose it as a deadlock victim; MariaDB Galera also
 *   answers a certification failure at commit with it (another node committed a
 *   conflicting write set first);
 * - 1205 ER_LOCK_WAIT_TIMEOUT: a row lock was not granted in innodb_lock_wait_timeout
 *   (MariaDB rolls back the whole transaction only with innodb_rollback_on_timeout, so
 *   this is retried only as a whole transaction, never statement by statement);
 * - SQLITE_BUSY: another process held the file's write lock past busy_timeout.
 */
export function isRetryableConflict(error: unknown): boolean {
  const driver = driverOf(error);
  if (!driver) return false;
  return (
    driver.errno === 1213 ||
    driver.errno === 1205 ||
    driver.code === 'SQLITE_BUSY' ||
    driver.code === 'SQLITE_BUSY_SNAPSHOT'
  );
}

interface DuplicateMeaning {
  code: ErrorCode;
  message: string;
}

/**
 * What a unique violation means, by the table that refused the row. Services that can
 * say more (which field) check first and answer themselves; this is what a race past
 * their check (two instances at once) answers instead of a driver error.
 */
const DUPLICATES: Record<string, DuplicateMeaning> = {
  subjects: {
    code: 'ALREADY_EXISTS',
    message: 'A subject with this email, phone or IIN is already registered',
  },
  staff_members: {
    code: 'ALREADY_EXISTS',
    message: 'A staff member with this email already exists',
  },
  policy_versions: { code: 'ALREADY_EXISTS', message: 'A policy version with this label exists' },
  pledge_signatures: { code: 'ALREADY_EXISTS', message: 'This pledge version is already signed' },
  consents: {
    code: 'CONCURRENT_CHANGE',
    message: 'Another consent record was made at the same moment; retry',
  },
  country_decisions: {
    code: 'CONCURRENT_CHANGE',
    message: 'The decision changed meanwhile; retry',
  },
};
const ANY_DUPLICATE: DuplicateMeaning = {
  code: 'ALREADY_EXISTS',
  message: 'A record with these values already exists',
};

/** The table a failed INSERT or UPDATE wrote to, from its SQL (never from the message, which quotes values). */
function tableOf(error: QueryFailedError): string | null {
  const match = /^\s*(?:INSERT(?:\s+IGNORE)?\s+INTO|UPDATE|REPLACE\s+INTO)\s+[`"]?(\w+)[`"]?/i.exec(
    error.query ?? '',
  );
  return match ? match[1] : null;
}

/**
 * The one translation of driver errors into the error format (DESIGN.md, "Errors"): a
 * unique violation is a 409 with the resource's code; a conflict that outlived its
 * retries (see Transactions) is 503 SERVICE_UNAVAILABLE. Null for anything else, which
 * stays an internal error. The driver's message is never used: it quotes the values.
 */
export function translateDriverError(error: unknown): AppError | null {
  if (isDuplicateKey(error)) {
    const meaning = DUPLICATES[tableOf(error as QueryFailedError) ?? ''] ?? ANY_DUPLICATE;
    return new AppError(meaning.code, meaning.message);
  }
  if (isRetryableConflict(error)) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'The database is busy with conflicting changes; retry shortly',
    );
  }
  return null;
}
