import { QueryFailedError } from 'typeorm';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';

interface DriverError {
  code?: string;
  errno?: number;
  /** mysql2: the connection itself failed (lost, refused, closed), not the statement. */
  fatal?: boolean;
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

/** Socket failures and mysql2's own codes for a server that went away or never answered. */
const CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * The server's refusals that say "not now" rather than "not this":
 * - 1047 ER_UNKNOWN_COM_ERROR: on MariaDB Galera, "WSREP has not yet prepared node for
 *   application use": the node is not (or not yet) in the primary component;
 * - 1040 ER_CON_COUNT_ERROR (too many connections), 1053 ER_SERVER_SHUTDOWN,
 *   1927 ER_CONNECTION_KILLED, 2006 / 2013 the server has gone away / was lost.
 */
const UNAVAILABLE_ERRNOS = new Set([1047, 1040, 1053, 1927, 2006, 2013]);

/**
 * The database cannot serve at the moment: the node is out of its cluster's primary
 * component, or the connection was refused, lost or timed out. mysql2 marks every
 * connection-level failure `fatal`; the pool's own (no connection to be had) reach us
 * unwrapped by TypeORM. Not retried (a connection lost at COMMIT leaves the outcome
 * unknown, and a node that is not primary stays so for longer than a request should
 * wait): the caller is told to retry, 503.
 */
export function isUnavailable(error: unknown): boolean {
  const driver = driverOf(error) ?? poolError(error);
  if (!driver) return false;
  return (
    driver.fatal === true ||
    (driver.errno !== undefined && UNAVAILABLE_ERRNOS.has(driver.errno)) ||
    (driver.code !== undefined && CONNECTION_CODES.has(driver.code))
  );
}

/** An error mysql2's pool raised itself: no connection to be had (always `fatal`). */
function poolError(error: unknown): DriverError | null {
  if (typeof error !== 'object' || error === null) return null;
  const raw: DriverError = error;
  return raw.fatal === true ? raw : null;
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
 * retries (see Transactions), and a database that cannot be reached or is not ready, are
 * 503 SERVICE_UNAVAILABLE. Null for anything else, which stays an internal error. The
 * driver's message is never used: it quotes the values.
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
  if (isUnavailable(error)) {
    const { code, errno } = driverOf(error) ?? poolError(error) ?? {};
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'The database cannot be reached at the moment; retry shortly',
      undefined,
      { driverCode: code ?? 'none', errno: errno ?? 0 },
    );
  }
  return null;
}
