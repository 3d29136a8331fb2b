import { Logger } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { isDuplicateKey, isRetryableConflict } from './db-errors';

/**
 * Pending migrations are applied at start by whichever instance holds this lease; every
 * other instance starting at the same moment waits, then finds nothing left to apply.
 * Without it two instances on an empty database both ran the first migration and the
 * second died on ER_TABLE_EXISTS_ERROR.
 *
 * Why a lease row and not MySQL's GET_LOCK: on a MariaDB Galera cluster GET_LOCK is held
 * on one node only, so two instances connected to two nodes would both get "the" lock.
 * A row is replicated: two nodes inserting or taking over the same primary key conflict
 * at certification, one commits, the other is refused (ER_LOCK_DEADLOCK) and keeps
 * waiting. The table is created with CREATE TABLE IF NOT EXISTS, which every node
 * applies in the same total order (Galera's TOI) and which is idempotent, so the first
 * start of the first instance needs nothing to exist. It is not part of the entities
 * or the migrations (they cannot take a lock on themselves).
 *
 * The lease expires (`ttl`) unless its holder renews it, so an instance killed while
 * migrating does not block every later start: the next one takes the lease over once it
 * has expired and applies what is still pending. Expiry is read from the instances'
 * clocks, which must agree to well within `ttl` (NTP).
 */
export const LEASE = {
  table: 'schema_lease',
  name: 'migrations',
  ttlMs: 60_000,
  renewMs: 10_000,
  pollMs: 250,
  waitMs: 15 * 60_000,
} as const;

const CREATE_SQL = `CREATE TABLE IF NOT EXISTS ${LEASE.table} (name VARCHAR(64) NOT NULL PRIMARY KEY, holder VARCHAR(36) NOT NULL, expiresAt BIGINT NOT NULL)`;

export class MigrationLease {
  private readonly holder = randomUUID();
  private readonly logger = new Logger(MigrationLease.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: Partial<typeof LEASE> = {},
  ) {}

  private get ttlMs(): number {
    return this.options.ttlMs ?? LEASE.ttlMs;
  }

  /** Runs `work` while holding the lease; waits for it as long as another instance holds it. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    await this.dataSource.query(CREATE_SQL);
    const deadline = Date.now() + (this.options.waitMs ?? LEASE.waitMs);
    while (!(await this.tryAcquire())) {
      if (Date.now() > deadline) {
        throw new Error('Timed out waiting for another instance to finish the migrations');
      }
      await sleep((this.options.pollMs ?? LEASE.pollMs) + randomInt(0, 100));
    }
    const renewal = setInterval(() => void this.renew(), this.options.renewMs ?? LEASE.renewMs);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.dataSource.query(`DELETE FROM ${LEASE.table} WHERE name = ? AND holder = ?`, [
        LEASE.name,
        this.holder,
      ]);
    }
  }

  private async tryAcquire(): Promise<boolean> {
    const now = Date.now();
    try {
      await this.dataSource.query(
        `INSERT INTO ${LEASE.table} (name, holder, expiresAt) VALUES (?, ?, ?)`,
        [LEASE.name, this.holder, now + this.ttlMs],
      );
      return true;
    } catch (error) {
      if (isRetryableConflict(error)) return false;
      if (!isDuplicateKey(error)) throw error;
    }
    // Held by someone: take it over only once it has expired (its holder is gone).
    try {
      const taken = await this.update(
        `UPDATE ${LEASE.table} SET holder = ?, expiresAt = ? WHERE name = ? AND expiresAt < ?`,
        [this.holder, now + this.ttlMs, LEASE.name, now],
      );
      if (taken) this.logger.warn('Took over an expired migration lease');
      return taken;
    } catch (error) {
      if (isRetryableConflict(error)) return false;
      throw error;
    }
  }

  private async renew(): Promise<void> {
    try {
      const renewed = await this.update(
        `UPDATE ${LEASE.table} SET expiresAt = ? WHERE name = ? AND holder = ?`,
        [Date.now() + this.ttlMs, LEASE.name, this.holder],
      );
      if (!renewed) this.logger.error('The migration lease was lost while migrating');
    } catch (error) {
      this.logger.error({ err: { type: (error as Error).name } }, 'could not renew the lease');
    }
  }

  /** An UPDATE's affected-row count, which mysql2 and better-sqlite3 report differently. */
  private async update(sql: string, params: unknown[]): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, params, true);
      return (result.affected ?? 0) > 0;
    } finally {
      await runner.release();
    }
  }
}

/**
 * The data source of the TypeORM CLI (ormconfig.ts): `npm run typeorm -- migration:run`
 * and `migration:revert`, the separate step of a start with DB_MIGRATIONS_RUN=false,
 * take the lease an instance's start takes, so the step may run beside starting
 * instances, or twice at once from two deploy jobs.
 */
export class LeasedDataSource extends DataSource {
  override runMigrations(options?: Parameters<DataSource['runMigrations']>[0]) {
    return new MigrationLease(this).hold(() => super.runMigrations(options));
  }

  override undoLastMigration(options?: Parameters<DataSource['undoLastMigration']>[0]) {
    return new MigrationLease(this).hold(() => super.undoLastMigration(options));
  }
}

/** Applies the pending migrations under the lease (DB_MIGRATIONS_RUN, the default). */
export function migrate(dataSource: DataSource): Promise<unknown> {
  return new MigrationLease(dataSource).hold(() =>
    dataSource.runMigrations({ transaction: 'all' }),
  );
}
