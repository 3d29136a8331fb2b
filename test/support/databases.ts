import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DbConfig } from '../../src/config/app-config';

export type Driver = 'sqlite' | 'mysql';

export interface ScratchDatabase {
  db: DbConfig;
  drop(): Promise<void>;
}

/** Where the MySQL/MariaDB server for tests and scripts is; root with no password by default. */
export function mysqlServer() {
  return {
    host: process.env.TEST_DB_HOST ?? process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.TEST_DB_PORT ?? process.env.DB_PORT ?? 3306),
    user: process.env.TEST_DB_USER ?? 'root',
    password: process.env.TEST_DB_PASSWORD ?? '',
  };
}

/**
 * A new, empty database of its own for one test file or one script run, dropped
 * afterwards, so runs never see each other's data.
 */
export async function createScratchDatabase(
  driver: Driver,
  label = 'test',
): Promise<ScratchDatabase> {
  const suffix = randomBytes(6).toString('hex');
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `pd-${label}-`));
    return {
      db: { type: 'sqlite', path: join(dir, 'pd.sqlite'), migrationsRun: true },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const server = mysqlServer();
  const database = `pd_${label}_${suffix}`;
  const admin = await createConnection(server);
  const [rows] = await admin.query('SELECT VERSION() AS version');
  const mariadb = /mariadb/i.test(String((rows as Array<{ version: string }>)[0].version));
  await admin.query(
    `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await admin.end();
  return {
    db: { type: 'mysql', ...server, database, poolSize: 10, migrationsRun: true, mariadb },
    drop: async () => {
      const connection = await createConnection(server);
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await connection.end();
    },
  };
}
