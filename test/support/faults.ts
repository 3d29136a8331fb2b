import { QueryFailedError, type QueryRunner } from 'typeorm';
import type { TestApp } from './app';

/*
 * Database failures as the server or the driver reports them, injected into the real app
 * beneath TypeORM (every statement of every query runner of the app's driver passes
 * here), so the service's own code decides what to make of them, on either driver.
 */

type Statement = (
  this: QueryRunner,
  sql: string,
  params?: unknown[],
  structured?: boolean,
) => Promise<unknown>;

/** What a statement meets: the server's error (a QueryFailedError), or the pool's (raw). */
export type Fault = () => Error;

const driverError = (message: string, code: string, errno: number, fatal = false) =>
  Object.assign(new Error(message), { code, errno, ...(fatal ? { fatal } : {}) });

/** 1213: InnoDB's deadlock victim, and MariaDB Galera's certification failure at COMMIT. */
export const deadlock =
  (sql = 'COMMIT'): Fault =>
  () =>
    new QueryFailedError(
      sql,
      [],
      driverError(
        'Deadlock found when trying to get lock; try restarting transaction',
        'ER_LOCK_DEADLOCK',
        1213,
      ),
    );

/** 1047: a Galera node that is not (or not yet) part of the primary component. */
export const wsrepNotReady =
  (sql = 'SELECT 1'): Fault =>
  () =>
    new QueryFailedError(
      sql,
      [],
      driverError(
        'WSREP has not yet prepared node for application use',
        'ER_UNKNOWN_COM_ERROR',
        1047,
      ),
    );

/** The server went away mid-statement (mysql2's PROTOCOL_CONNECTION_LOST). */
export const connectionLost =
  (sql = 'SELECT 1'): Fault =>
  () =>
    new QueryFailedError(
      sql,
      [],
      driverError(
        'Connection lost: The server closed the connection.',
        'PROTOCOL_CONNECTION_LOST',
        -1,
        true,
      ),
    );

/** No connection could be had at all: the pool's own error, not wrapped by TypeORM. */
export const connectionRefused: Fault = () =>
  driverError('connect ECONNREFUSED 127.0.0.1:3306', 'ECONNREFUSED', -111, true);

export interface Injected {
  /** How many statements met a fault so far. */
  readonly hits: number;
  restore(): void;
}

/**
 * From now on, each statement for which `pick(sql, transaction)` is true meets `fault`
 * (at most `times` of them); `transaction` is what the statement's runner has sent since
 * its transaction began. A refused COMMIT behaves as the server's does: the transaction
 * has been rolled back by then, and the client's ROLLBACK that follows finds nothing.
 */
export function injectFaults(
  t: TestApp,
  pick: (sql: string, transaction: readonly string[]) => boolean,
  fault: Fault,
  times = Infinity,
): Injected {
  const probe = t.db.createQueryRunner();
  const proto = Object.getPrototypeOf(probe) as { query: Statement };
  void probe.release();
  const real = proto.query;
  const sent = new WeakMap<QueryRunner, string[]>();
  const rolledBack = new WeakSet<QueryRunner>();
  let hits = 0;
  const spy = jest.spyOn(proto, 'query').mockImplementation(async function (
    this: QueryRunner,
    sql,
    params,
    structured,
  ) {
    const statement = sql.trim().toUpperCase();
    if (statement === 'ROLLBACK' && rolledBack.has(this)) {
      rolledBack.delete(this);
      sent.delete(this);
      return undefined;
    }
    const transaction = sent.get(this) ?? [];
    if (hits < times && pick(sql, transaction)) {
      hits++;
      if (statement === 'COMMIT') {
        await real.call(this, 'ROLLBACK');
        rolledBack.add(this);
      }
      throw fault();
    }
    if (/^(START TRANSACTION|BEGIN)/.test(statement)) sent.set(this, []);
    else if (statement === 'COMMIT' || statement === 'ROLLBACK') sent.delete(this);
    else if (this.isTransactionActive) sent.set(this, [...transaction, sql]);
    return real.call(this, sql, params, structured);
  });
  return {
    get hits() {
      return hits;
    },
    restore: () => spy.mockRestore(),
  };
}

/** Whether a statement writes to `table` (an INSERT, UPDATE or DELETE naming it). */
export const writes =
  (table: string) =>
  (sql: string): boolean =>
    new RegExp(`^\\s*(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+[\`"]?${table}[\`"]?`, 'i').test(
      sql,
    );

/** Whether a statement reads `table`. */
export const reads =
  (table: string) =>
  (sql: string): boolean =>
    /^\s*SELECT/i.test(sql) && new RegExp(`FROM\\s+[\`"]?${table}[\`"]?`, 'i').test(sql);
