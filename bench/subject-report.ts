/**
 * How long the subject report takes for a subject whose data was touched 10,000 times
 * (issue 6): `GET /api/v1/me/report` (JSON) and `GET /api/v1/me/report.pdf`, on MariaDB.
 *
 *   npm run build && npx ts-node --transpile-only bench/subject-report.ts [--entries=10000] [--runs=10]
 *
 * The built service on a scratch database (see server.ts); one subject registered through
 * the API; `--entries` valid, hash-chained audit entries about that subject written
 * straight into the trail (staff reads by 40 operators, as PdAccess records them); then
 * each format requested `--runs` times in turn, one at a time, after one warm-up each.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { AuditEntry } from '../src/audit/audit-entry.entity';
import { entryHash, genesisHash, type HashedFields } from '../src/audit/audit-hash';
import { loadConfig } from '../src/config/app-config';
import { subjectBody } from '../test/support/subjects';
import { call, clientToken, setUpOffice, signIn, startServer } from './server';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const ENTRIES = Number(arg('entries', '10000'));
const RUNS = Number(arg('runs', '10'));

const COLUMNS = [
  'id', 'chainId', 'seq', 'at', 'actorKind', 'actorId', 'actorRoles', 'action', 'subjectId',
  'targetId', 'fields', 'categories', 'operation', 'purpose', 'reason', 'outcome', 'code',
  'requestId', 'ip', 'prevHash', 'hash',
] as const; // prettier-ignore

async function seedTrail(
  env: Record<string, string>,
  subjectId: string,
  count: number,
): Promise<void> {
  const auditKey = loadConfig(env).keys.auditKey;
  const chainId = randomUUID();
  let prev = { seq: 0, hash: genesisHash(auditKey, chainId) };
  const operators = Array.from({ length: 40 }, () => randomUUID());
  const start = Date.now() - 180 * 86_400_000;
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const body: HashedFields = {
      id: randomUUID(),
      chainId,
      seq: prev.seq + 1,
      at: new Date(start + i * 60_000),
      actorKind: 'staff',
      actorId: operators[i % operators.length],
      actorRoles: ['OPERATOR'],
      action: 'SUBJECT_READ',
      subjectId,
      targetId: null,
      fields: [],
      categories: i % 3 === 0 ? ['BANKING', 'IDENTITY'] : ['CONTACT', 'IDENTITY'],
      operation: 'READ',
      purpose: i % 3 === 0 ? 'SETTLEMENTS' : 'CONTRACT',
      reason: `TICKET-${i}`,
      outcome: 'ALLOWED',
      code: null,
      requestId: randomUUID(),
      ip: '10.0.0.7',
      identifierHash: null,
    };
    const row: AuditEntry = {
      ...body,
      prevHash: prev.hash,
      hash: entryHash(auditKey, prev.hash, body),
      readWindow: null,
      readsInWindow: null,
    };
    prev = { seq: row.seq, hash: row.hash };
    rows.push(COLUMNS.map((c) => (Array.isArray(row[c]) ? JSON.stringify(row[c]) : row[c])));
  }
  const db = await createConnection({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
    timezone: 'Z',
  });
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await db.query(
      `INSERT INTO audit_entries (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ` +
        batch.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', '),
      batch.flat(),
    );
  }
  await db.query(
    'INSERT INTO audit_chains (id, createdAt, lastSeq, lastHash, checkpointedAt) VALUES (?, ?, ?, ?, ?)',
    [chainId, new Date(start), prev.seq, prev.hash, new Date()],
  );
  await db.end();
}

async function timed(url: string, token: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.toString()}`);
  return { ms: performance.now() - started, bytes: body.length };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const server = await startServer({ ACCESS_TOKEN_TTL_SECONDS: '3600' }, 3910);
  try {
    const office = await setUpOffice(server);
    const billing = await clientToken(server.url, office.admin, ['subjects:write']);
    const body = subjectBody(office.policyVersionId);
    const subject = await call<{ id: string }>(server.url, 'POST', '/subjects', billing, body);
    const token = await signIn(
      server.url,
      { email: body.email as string, password: body.password as string },
      '/auth/subjects/login',
    );
    const seeding = performance.now();
    await seedTrail(server.env, subject.id, ENTRIES);
    console.log(
      `seeded ${ENTRIES} audit entries in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    console.log(`\n| format | runs | median ms | min ms | max ms | size |`);
    console.log('|---|---|---|---|---|---|');
    for (const [name, path] of [
      ['JSON', '/api/v1/me/report'],
      ['PDF', '/api/v1/me/report.pdf'],
    ] as const) {
      await timed(`${server.url}${path}`, token);
      const runs: Array<{ ms: number; bytes: number }> = [];
      for (let i = 0; i < RUNS; i++) runs.push(await timed(`${server.url}${path}`, token));
      const ms = runs.map((r) => r.ms);
      console.log(
        `| ${name} | ${RUNS} | ${median(ms).toFixed(0)} | ${Math.min(...ms).toFixed(0)} | ${Math.max(...ms).toFixed(0)} | ${(runs[0].bytes / 1024).toFixed(0)} KiB |`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
