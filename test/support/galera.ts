import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import type { TestApp } from './app';
import type { Instance } from './instance';

/**
 * The three-node MariaDB Galera cluster of `scripts/galera.sh`, for test/galera/. Ports
 * follow the script's: node N serves SQL on GALERA_SQL_PORT + N - 1 (3311..3313).
 */
export type Node = 1 | 2 | 3;
export const NODES: readonly Node[] = [1, 2, 3];

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'galera.sh');
const run = promisify(execFile);

export function nodePort(node: Node): number {
  return Number(process.env.GALERA_SQL_PORT ?? 3311) + node - 1;
}

/** The connection settings an instance of the service needs to talk to `node`. */
export function nodeEnv(node: Node): Record<string, string> {
  return { DB_HOST: '127.0.0.1', DB_PORT: String(nodePort(node)) };
}

/** `scripts/galera.sh <command> [node]`: kill, stop and start one node, or status. */
export async function galera(command: 'kill' | 'stop' | 'start' | 'status', node?: Node) {
  const args = node === undefined ? [command] : [command, String(node)];
  const { stdout } = await run(SCRIPT, args, { timeout: 240_000 });
  return stdout;
}

/** One query on one node, on a connection of its own (not through any instance). */
export async function queryNode<T>(
  node: Node,
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const connection = await createConnection({
    host: '127.0.0.1',
    port: nodePort(node),
    user: 'root',
    password: '',
    database,
  });
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

/** `wsrep_cluster_size` and `wsrep_local_state_comment` of one node. */
export async function wsrepState(node: Node): Promise<{ size: number; state: string }> {
  const rows = await queryNode<{ Variable_name: string; Value: string }>(
    node,
    'mysql',
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment')",
  );
  const value = (name: string) => rows.find((row) => row.Variable_name === name)?.Value ?? '';
  return { size: Number(value('wsrep_cluster_size')), state: value('wsrep_local_state_comment') };
}

/**
 * `t` with its HTTP requests sent to another instance: the test/support helpers (which
 * take a TestApp) then create staff, clients and subjects through that instance.
 */
export function through(t: TestApp, instance: Instance): TestApp {
  return { ...t, http: () => request(instance.url) };
}
