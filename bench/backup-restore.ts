/**
 * How long a backup and a restore take, how big the file is and how much memory each
 * command needs, on MariaDB / MySQL (see bench/README.md, issue 13 §3).
 *
 *   npm run build && npx ts-node --transpile-only bench/backup-restore.ts \
 *     [--subjects=100000] [--entries=1000000]
 *
 * Seeds a scratch database (subjects sealed as the service seals them, each with a
 * consent; audit entries over 16 chains that verify), then runs the built commands
 * `node dist/src/cli.js backup` and `restore` (into a second scratch database) under
 * /usr/bin/time -v, for wall time and peak resident memory. Both databases are dropped.
 * `BENCH_NODE_ARGS="--max-old-space-size=96"` runs the commands with a capped heap, to show
 * that they need no more memory for a bigger database.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { newKey } from '../src/config/keys';
import { createScratchDatabase, type ScratchDatabase } from '../test/support/databases';
import { seedSubjects } from './seed';
import { auditContext, seedAuditTrail } from './seed-audit';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SUBJECTS = Number(arg('subjects', '100000'));
const ENTRIES = Number(arg('entries', '1000000'));
const ROOT = join(__dirname, '..');

interface Run {
  seconds: number;
  peakMiB: number;
  result: Record<string, unknown>;
}

function dbEnv(scratch: ScratchDatabase): Record<string, string> {
  if (scratch.db.type !== 'mysql') throw new Error('the benchmark runs on MySQL/MariaDB');
  return {
    DB_TYPE: 'mysql',
    DB_HOST: scratch.db.host,
    DB_PORT: String(scratch.db.port),
    DB_USER: scratch.db.user,
    DB_PASSWORD: scratch.db.password,
    DB_NAME: scratch.db.database,
  };
}

/** One built command under /usr/bin/time -v: its JSON result, wall time and peak RSS. */
function timed(env: Record<string, string>, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      [
        '-v',
        process.execPath,
        ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
        'dist/src/cli.js',
        ...args,
        '--json',
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${args[0]} failed: ${stderr.slice(-2000)}`));
        const peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
        const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr)![1];
        const seconds = wall
          .split(':')
          .map(Number)
          .reduce((total, part) => total * 60 + part, 0);
        const last = stdout.trim().split('\n').at(-1)!;
        resolve({ seconds, peakMiB: peakKiB / 1024, result: JSON.parse(last) });
      },
    );
  });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const source = await createScratchDatabase('mysql', 'bench');
  const target = await createScratchDatabase('mysql', 'bench');
  const dir = mkdtempSync(join(tmpdir(), 'pd-bench-backup-'));
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    JWT_SECRET: newKey(),
    MASTER_KEYS: `k1:${newKey()}`,
    BLIND_INDEX_KEY: newKey(),
    AUDIT_HMAC_KEY: newKey(),
    BACKUP_KEY: `b1:${newKey()}`,
    ERASURE_LEDGER_PATH: join(dir, 'erasure-ledger.jsonl'),
  };
  try {
    const config = loadConfig({ ...env, ...dbEnv(source) });
    Object.assign(config, { db: { ...source.db, poolSize: 20 } });
    const app = await auditContext(config);
    let started = performance.now();
    await seedAuditTrail(app, config.keys.auditKey, ENTRIES, 16);
    await app.close();
    console.log(
      `seeded ${fmt(ENTRIES)} audit entries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    await seedSubjects(source.db, config, SUBJECTS, randomUUID());
    console.log(
      `seeded ${fmt(SUBJECTS)} subjects in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const file = join(dir, 'pd.backup');
    console.log(
      `load before backup: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} (${cpus().length} CPUs)`,
    );
    const backup = await timed({ ...env, ...dbEnv(source) }, ['backup', '--out', file]);
    console.log(
      `backup: ${backup.seconds.toFixed(1)} s, ${fmt(Number(backup.result.bytes))} bytes ` +
        `(${(Number(backup.result.bytes) / 2 ** 20).toFixed(1)} MiB), ${fmt(Number(backup.result.rows))} rows, ` +
        `peak RSS ${backup.peakMiB.toFixed(0)} MiB; tables ${JSON.stringify(backup.result.tables)}`,
    );
    console.log(
      `load before restore: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    const restore = await timed({ ...env, ...dbEnv(target) }, ['restore', '--in', file]);
    const trail = restore.result.trail as { ok: boolean; entries: number; durationMs: number };
    console.log(
      `restore: ${restore.seconds.toFixed(1)} s (of which the trail's verification ${(trail.durationMs / 1000).toFixed(1)} s, ` +
        `ok=${String(trail.ok)}, ${fmt(trail.entries)} entries), peak RSS ${restore.peakMiB.toFixed(0)} MiB ` +
        `(${JSON.stringify(restore.result.peakRssMiB)} by process.resourceUsage), ` +
        `ok=${String(restore.result.ok)}`,
    );
    console.log(
      `load after: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    if (!restore.result.ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await source.drop();
    await target.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
