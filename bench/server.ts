import 'reflect-metadata';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../src/config/app-config';
import { newKey } from '../src/config/keys';
import { KeyedHash } from '../src/crypto/keyed-hash';
import { enrolmentToken } from '../src/staff/enrolment-tokens';
import { createScratchDatabase, type ScratchDatabase } from '../test/support/databases';

export const ADMIN = { email: 'bench-admin@pd.test', password: 'orchid-lantern-basalt-27' };

export interface BenchServer {
  url: string;
  /** The service's process, for its CPU time. */
  pid: number;
  env: Record<string, string>;
  scratch: ScratchDatabase;
  stop(): Promise<void>;
}

/**
 * The built service (`dist/`, run `npm run build` first) as its own process on a scratch
 * MariaDB database, so the load generator in this process does not share its event loop.
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  port = 3900,
  existing?: ScratchDatabase,
): Promise<BenchServer> {
  const scratch = existing ?? (await createScratchDatabase('mysql', 'bench'));
  if (scratch.db.type !== 'mysql') throw new Error('bench runs on MySQL/MariaDB');
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DB_TYPE: 'mysql',
    DB_HOST: scratch.db.host,
    DB_PORT: String(scratch.db.port),
    DB_USER: scratch.db.user,
    DB_PASSWORD: scratch.db.password,
    DB_NAME: scratch.db.database,
    JWT_SECRET: newKey(),
    MASTER_KEYS: `k1:${newKey()}`,
    BLIND_INDEX_KEY: newKey(),
    AUDIT_HMAC_KEY: newKey(),
    OPERATOR_BIN: '050440000121',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    ...extraEnv,
  };
  // BENCH_NODE_ARGS (e.g. "--prof") are passed to the server's node.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, join(__dirname, '..', 'dist', 'src', 'main.js')],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      if (i > 300) throw new Error('server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid!,
    env,
    scratch,
    stop: async () => {
      await new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await scratch.drop();
    },
  };
}

export async function call<T>(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const OFFICER = { email: 'bench-officer@pd.test', password: 'velvet-harbor-quartz-91' };

/** Signs in at `path` (staff, subjects, staff enrolment) and answers the access token. */
export async function signIn(
  url: string,
  credentials: Record<string, string>,
  path = '/auth/staff/login',
): Promise<string> {
  return (await call<{ accessToken: string }>(url, 'POST', path, undefined, credentials))
    .accessToken;
}

/** A new service client with the scopes, signed in: its access token. */
export async function clientToken(url: string, admin: string, scopes: string[]): Promise<string> {
  const client = await call<{ id: string; clientSecret: string }>(url, 'POST', '/clients', admin, {
    name: 'Billing',
    scopes,
  });
  const token = await call<{ accessToken: string }>(url, 'POST', '/auth/clients/token', undefined, {
    clientId: client.id,
    clientSecret: client.clientSecret,
  });
  return token.accessToken;
}

export interface Office {
  admin: string;
  officer: string;
  policyVersionId: string;
}

/**
 * A staff member the bench made sets their password and signs in, as with the token from
 * their email: the bench runs the server and holds its keys, so it derives the token the
 * email would carry from the newest enrolment in the database.
 */
export async function enrol(
  server: BenchServer,
  staffId: string,
  password: string,
): Promise<string> {
  const db = server.scratch.db;
  if (db.type !== 'mysql') throw new Error('bench runs on MySQL/MariaDB');
  const connection = await createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
  });
  try {
    const [rows] = await connection.query(
      'SELECT id FROM staff_enrolments WHERE staffId = ? AND usedAt IS NULL AND revokedAt IS NULL ORDER BY createdAt DESC LIMIT 1',
      [staffId],
    );
    const [enrolment] = rows as Array<{ id: string }>;
    const token = enrolmentToken(new KeyedHash(loadConfig(server.env)), enrolment.id);
    return signIn(server.url, { token, password }, '/auth/staff/enrol');
  } finally {
    await connection.end();
  }
}

/**
 * On a fresh server: the administrator, the first compliance officer (from the command
 * line, as in production), and a policy version in force.
 */
export async function setUpOffice(server: BenchServer): Promise<Office> {
  const url = server.url;
  const admin = await signIn(url, ADMIN);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(__dirname, '..', 'dist', 'src', 'cli.js'),
      'staff:first-officer',
      OFFICER.email,
      'Officer',
    ],
    { env: { PATH: process.env.PATH ?? '', ...server.env, LOG_LEVEL: 'error' } },
  );
  const token = /pden_[0-9a-f]{64}/.exec(stdout)?.[0];
  if (!token) throw new Error('staff:first-officer printed no token');
  const officer = await signIn(url, { token, password: OFFICER.password }, '/auth/staff/enrol');
  const policy = await call<{ id: string }>(url, 'POST', '/policy-versions', officer, {
    label: 'bench',
    text: 'Политика',
    significant: false,
  });
  return { admin, officer, policyVersionId: policy.id };
}
