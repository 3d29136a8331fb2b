/**
 * How fast the audit trail verifies and appends, on MariaDB / MySQL (see bench/README.md).
 *
 *   npx ts-node --transpile-only bench/audit-verify.ts [--entries=1000000] [--chains=16]
 *     [--appends=20000] [--in-flight=32] [--lanes=8,1]   (--appends=0: verify only)
 *
 * Uses a scratch database (migrated at start like the app) on the server of TEST_DB_* /
 * DB_* (root, no password, on 127.0.0.1:3306 by default) and drops it afterwards.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../src/audit/audit-trail';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { createScratchDatabase } from '../test/support/databases';
import { auditContext, pdRead, seedAuditTrail } from './seed-audit';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;

const ENTRIES = Number(arg('entries', '1000000'));
const CHAINS = Number(arg('chains', '16'));
const APPENDS = Number(arg('appends', '20000'));
const IN_FLIGHT = Number(arg('in-flight', '32'));
const LANES = arg('lanes', '8,1').split(',').map(Number);

const key = (): string => randomBytes(32).toString('base64');
async function appendThroughput(config: AppConfig, lanes: number): Promise<number> {
  const app = await auditContext({ ...config, audit: { ...config.audit, lanes } });
  const trail = app.get(AuditTrail);
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (issued < APPENDS) {
        issued++;
        await trail.record(pdRead());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  return APPENDS / seconds;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('mysql', 'bench');
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: key(), MASTER_KEYS: `k1:${key()}`, BLIND_INDEX_KEY: key(), AUDIT_HMAC_KEY: key() }); // prettier-ignore
  Object.assign(config, { db: { ...scratch.db, poolSize: 20 } });
  try {
    const app = await auditContext(config);
    const db = app.get(DataSource);
    const [server] = await db.query(
      'SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush',
    );
    console.log(
      `server ${server.version}, buffer pool ${Math.round(server.pool / 2 ** 20)} MiB, flush_log_at_trx_commit=${server.flush}; ` +
        `node ${process.version}, ${cpus().length} CPUs`,
    );

    const seedMs = await seedAuditTrail(app, config.keys.auditKey, ENTRIES, CHAINS);
    console.log(
      `seeded ${fmt(ENTRIES)} entries on ${CHAINS} chains in ${(seedMs / 1000).toFixed(1)} s`,
    );

    for (const run of ['verify (1st run)', 'verify (2nd run)']) {
      const cpu = process.cpuUsage();
      const report = await app.get(AuditVerifier).verify();
      const used = process.cpuUsage(cpu);
      // The seeded entries, and one AUDIT_LANE_OPEN per chain in the lane registry.
      if (!report.ok || report.entries !== ENTRIES + CHAINS)
        throw new Error(`unexpected: ${JSON.stringify(report)}`);
      const perSecond = report.entries / (report.durationMs / 1000);
      console.log(
        `${run}: ${fmt(report.entries)} entries, ${report.chains} chains in ${(report.durationMs / 1000).toFixed(2)} s = ${fmt(perSecond)} entries/s ` +
          `(this process's CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, both threads; peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB)`,
      );
    }
    await app.close();

    for (const lanes of APPENDS > 0 ? LANES : []) {
      const perSecond = await appendThroughput(config, lanes);
      console.log(
        `append: ${fmt(APPENDS)} records, ${IN_FLIGHT} in flight, AUDIT_LANES=${lanes}: ${fmt(perSecond)} records/s`,
      );
    }

    const after = await auditContext(config);
    const report = await after.get(AuditVerifier).verify();
    console.log(
      `verify after the appends: ok=${report.ok}, ${fmt(report.entries)} entries, ${report.chains} chains`,
    );
    await after.close();
    if (!report.ok) process.exitCode = 1;
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
