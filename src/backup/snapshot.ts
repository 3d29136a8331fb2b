import type { DataSource, QueryRunner } from 'typeorm';

/**
 * One connection that sees the database as it was at one moment, for the whole backup,
 * while the service goes on writing: InnoDB's consistent snapshot (REPEATABLE READ), or
 * SQLite's read transaction in WAL mode. Every table is read from the same moment, so
 * the audit trail's entries and checkpoints, and the erasure ledger's rows and head,
 * agree with each other in the file.
 */
export async function withSnapshot<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const sqlite = dataSource.options.type === 'better-sqlite3';
  try {
    if (sqlite) await runner.query('BEGIN');
    else {
      await runner.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await runner.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    }
    try {
      return await work(runner);
    } finally {
      await runner.query(sqlite ? 'COMMIT' : 'ROLLBACK');
    }
  } finally {
    await runner.release();
  }
}

/** The migrations a database has applied, oldest first. */
export async function appliedMigrations(db: {
  query(sql: string): Promise<unknown>;
}): Promise<string[]> {
  const rows = (await db.query('SELECT name FROM migrations ORDER BY id')) as Array<{
    name: string;
  }>;
  return rows.map((row) => row.name);
}
