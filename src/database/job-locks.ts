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
   * Serialises a check-then-write across instances, and across the nodes of a cluster:
   * `tx` *writes* the named row, and the row stays locked until `tx` ends. On one server a
   * second transaction asking for the same name waits here; on a MariaDB Galera cluster,
   * of two transactions that wrote it on different nodes one fails certification at
   * commit (a deadlock error, retried like one). A locking read (`SELECT ... FOR UPDATE`)
   * is not enough: Galera does not replicate read locks, so two nodes would both pass the
   * check. Call it first in the transaction: the lock comes before any plain read, so what
   * the transaction reads next is what the previous holder committed. On SQLite the write
   * queue already admits one transaction at a time.
   */
  async holdUntilEnd(name: string, tx: Tx): Promise<void> {
    if (tx.manager.connection.options.type === 'better-sqlite3') return;
    // One statement that creates the row or writes it, so two first-ever holders queue on
    // the row instead of deadlocking on a gap lock. A new holder id each time: an UPDATE
    // that changes nothing writes nothing, and Galera would have nothing to certify.
    const holder = randomUUID();
    await tx.manager.query(
      'INSERT INTO job_locks (name, holder, lockedUntil) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE holder = ?',
      [name, holder, new Date(0), holder],
    );
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
