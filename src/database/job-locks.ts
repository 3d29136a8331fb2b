import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { isDuplicateKey } from './db-errors';
import { JobLock } from './job-lock.entity';
import { type Tx, Transactions } from './transactions';

/**
 * Scheduled jobs run on every instance's timer; this lease in the database makes sure
 * only one instance does each run. A lease expires on its own, so a crashed holder
 * never blocks the job for longer than its ttl.
 */
@Injectable()
export class JobLocks {
  private readonly holder = randomUUID();
  private readonly logger = new Logger(JobLocks.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async runExclusive(name: string, ttlMs: number, job: () => Promise<void>): Promise<boolean> {
    if (!(await this.acquire(name, ttlMs))) return false;
    try {
      await job();
    } catch (error) {
      this.logger.error(
        { job: name, err: { type: (error as Error).name } },
        'scheduled job failed',
      );
    } finally {
      await this.transactions.write((db) =>
        db.update(JobLock, { name, holder: this.holder }, { lockedUntil: this.clock.now() }),
      );
    }
    return true;
  }

  /**
   * Serialises a check-then-write across instances: the named row stays locked by `tx`
   * until it ends, so a second transaction asking for the same name waits here. Call it
   * first in the transaction: the locking read comes before any plain read, so what the
   * transaction reads next is what the previous holder committed. A plain row lock, which
   * any MySQL-compatible database honours; on SQLite the write queue already admits one
   * transaction at a time.
   */
  async holdUntilEnd(name: string, tx: Tx): Promise<void> {
    if (tx.manager.connection.options.type === 'better-sqlite3') return;
    const lock = (): Promise<unknown[]> =>
      tx.manager.query('SELECT name FROM job_locks WHERE name = ? FOR UPDATE', [name]);
    if ((await lock()).length > 0) return;
    try {
      await tx.manager.insert(JobLock, { name, holder: this.holder, lockedUntil: new Date(0) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await lock();
    }
  }

  private async acquire(name: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + ttlMs);
    const taken = await this.transactions.write((db) =>
      db
        .createQueryBuilder()
        .update(JobLock)
        .set({ holder: this.holder, lockedUntil })
        .where('name = :name AND lockedUntil <= :now', { name, now })
        .execute(),
    );
    if (taken.affected === 1) return true;
    try {
      await this.transactions.write((db) =>
        db.insert(JobLock, { name, holder: this.holder, lockedUntil }),
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}
