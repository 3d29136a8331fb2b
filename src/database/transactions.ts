import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { isRetryableConflict } from './db-errors';
import { currentWorkScope } from './work-scope';

/**
 * How a transaction that lost a race is run again: at most ATTEMPTS times in all, each
 * wait drawn at random up to a ceiling that doubles ("full jitter"), so instances that
 * collided do not collide again in step. The last failure goes to the error filter,
 * which answers 503 SERVICE_UNAVAILABLE with Retry-After.
 */
export const RETRY = { attempts: 5, baseMs: 10, maxMs: 400 } as const;

const backoff = (attempt: number): number =>
  randomInt(0, Math.min(RETRY.maxMs, RETRY.baseMs * 2 ** attempt) + 1);

export interface Tx {
  readonly manager: EntityManager;
  /** Runs after the transaction has ended, with whether it committed. */
  onSettled(hook: (committed: boolean) => void): void;
}

/**
 * Every write goes through here: `run` for a transaction, `write` for one autocommit
 * statement. On MySQL each call takes its own pooled connection. On the embedded SQLite
 * default TypeORM shares one connection, so a write issued while another request's
 * transaction is open would become part of it; calls are therefore queued (SQLite
 * admits one writer anyway, and the embedded mode is single-instance by nature).
 *
 * Concurrency never becomes a 500: a transaction chosen as a deadlock victim, refused
 * at commit by Galera's certification, or stuck past the lock-wait timeout has been
 * rolled back whole, and `run` runs it again from the start (bounded, with jitter).
 * So `work` may run more than once: it must not rely on what an earlier attempt left in
 * memory. Rows are built from its inputs (an attempt's inserts are gone with its
 * rollback), and anything that must happen once, after the commit, goes in an
 * `onSettled` hook: each attempt has its own Tx, and the hooks of a rolled-back attempt
 * are told so (the audit trail's lanes re-read their head from the database then).
 */
@Injectable()
export class Transactions {
  private readonly serial: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly logger = new Logger(Transactions.name);

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.retried(() => this.serialised(() => this.transaction(work)));
  }

  /**
   * One statement that needs no transaction of its own (an insert, a conditional
   * update); one refused by a conflict was rolled back whole and is sent again.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.retried(() => this.serialised(() => work(this.dataSource.manager)));
  }

  /**
   * Autocommit statements on one connection held for the whole call (on SQLite, the
   * queue's turn). For work that also holds an in-process resource, such as an audit
   * lane: taking the connection first means the resource is only ever held by someone
   * who already has a connection, so the pool and the resource cannot deadlock.
   *
   * Retried like `run`: a statement refused by a conflict (Galera's certification of an
   * autocommit write once the node's own `wsrep_retry_autocommit` is spent, a deadlock
   * victim, a lock-wait timeout) was rolled back, so `work` runs again from the start, on
   * a fresh connection. It must therefore be safe to repeat after any of its statements:
   * reads, and writes that find what an earlier attempt committed (the audit trail's
   * append re-reads its lane's head first).
   */
  connected<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.retried(() => this.pinned(work));
  }

  private pinned<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      if (this.serial) return work(this.dataSource.manager);
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        return await work(runner.manager);
      } finally {
        await runner.release();
      }
    });
  }

  /**
   * `connected`, or the caller's transaction when given one. A read that may run inside a
   * transaction must take this: on SQLite the queue's turn is the transaction's, so
   * `connected` there would wait for the transaction that waits for it.
   */
  connectedWithin<T>(tx: Tx | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return tx ? work(tx.manager) : this.connected(work);
  }

  /** Joins the caller's transaction when given one, otherwise opens a new one. */
  within<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.run(work);
  }

  private async retried<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (n >= RETRY.attempts || !isRetryableConflict(error)) throw error;
        const errno = (error as { driverError?: { errno?: number } }).driverError?.errno;
        this.logger.debug({ attempt: n, errno }, 'transaction rolled back by a conflict: retrying');
        await sleep(backoff(n));
      }
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serial) return work();
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const hooks: Array<(committed: boolean) => void> = [];
    let committed = false;
    try {
      const scope = currentWorkScope();
      const result = await this.dataSource.transaction(async (manager) => {
        const value = await work({ manager, onSettled: (hook) => hooks.push(hook) });
        await scope?.beforeCommit(manager);
        return value;
      });
      committed = true;
      if (scope) scope.committed = true;
      return result;
    } finally {
      for (const hook of hooks) hook(committed);
    }
  }
}
