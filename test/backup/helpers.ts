import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dbEnv, type TestApp } from '../support/app';
import { contractChecked } from '../support/contract';
import { createScratchDatabase, type Driver, type ScratchDatabase } from '../support/databases';
import { dataSourceOptions } from '../../src/database/data-source';
import { bearer } from '../support/actors';

export const backupKey = (id = 'b1'): string => `${id}:${randomBytes(32).toString('base64')}`;

/** A new, empty database, the environment of the source app pointed at it, and a way to read it. */
export interface Target {
  scratch: ScratchDatabase;
  env: Record<string, string>;
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  count(table: string): Promise<number>;
  drop(): Promise<void>;
}

export async function emptyTarget(
  t: TestApp,
  driver: Driver,
  env: Record<string, string> = {},
): Promise<Target> {
  const scratch = await createScratchDatabase(driver, 'restore');
  let source: DataSource | null = null;
  const db = async () => {
    source ??= await new DataSource(dataSourceOptions(scratch.db)).initialize();
    return source;
  };
  const query = async (sql: string, params: unknown[] = []) =>
    (await db()).query<Array<Record<string, unknown>>>(sql, params);
  return {
    scratch,
    env: { ...t.env, ...dbEnv(scratch), ...env },
    query,
    count: async (table) => {
      const exists = await query(
        driver === 'sqlite'
          ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?"
          : 'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
        [table],
      );
      if (Number(exists[0].n) === 0) return 0;
      return Number((await query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    },
    drop: async () => {
      if (source) await source.destroy();
      await scratch.drop();
    },
  };
}

/** The last line of a command's stdout, as JSON (`--json`). */
export const lastJson = (stdout: string): Record<string, unknown> =>
  JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

/** A supertest agent on another instance, every answer held to openapi.json. */
export const http = (url: string) => contractChecked(request(url));

export async function me(url: string, email: string, password: string) {
  const login = await http(url).post('/api/v1/auth/subjects/login').send({ email, password });
  if (login.status !== 200) return { status: login.status, body: login.body };
  return http(url).get('/api/v1/me').set(bearer(login.body.accessToken));
}

export const fileBytes = (path: string): Buffer => readFileSync(path);
