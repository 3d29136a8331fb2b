/**
 * How fast the audit trail verifies and appends, on MariaDB / MySQL (see bench/README.md).
 *
 *   npx ts-node --transpile-only bench/audit-verify.ts [--entries=1000000] [--chains=16]
 *     [--appends=20000] [--in-flight=32] [--lanes=8,1]
 *
 * Uses a scratch database (migrated at start like the app) on the server of TEST_DB_* /
 * DB_* (root, no password, on 127.0.0.1:3306 by default) and drops it afterwards.
 */
import 'reflect-metadata';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditChain } from '../src/audit/audit-chain.entity';
import type { AuditEntry } from '../src/audit/audit-entry.entity';
import { entryHash, genesisHash, type HashedFields } from '../src/audit/audit-hash';
import type { NewAuditEntry } from '../src/audit/audit-origin';
import { AuditTrail } from '../src/audit/audit-trail';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { AuditModule } from '../src/audit/audit.module';
import { LaneRegistry } from '../src/audit/lane-registry';
import { CommonModule } from '../src/common/common.module';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { DatabaseModule } from '../src/database/database.module';
import { Transactions } from '../src/database/transactions';
import { createScratchDatabase } from '../test/support/databases';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;

const ENTRIES = Number(arg('entries', '1000000'));
const CHAINS = Number(arg('chains', '16'));
const APPENDS = Number(arg('appends', '20000'));
const IN_FLIGHT = Number(arg('in-flight', '32'));
const LANES = arg('lanes', '8,1').split(',').map(Number);
const BATCH_ROWS = 2000;
const INSERTS_IN_FLIGHT = 4;

/** Only what the audit trail needs: configuration, clock, database, scheduler, audit. */
@Module({})
class BenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BenchModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        ScheduleModule.forRoot(),
        AuditModule,
      ],
    };
  }
}

const key = (): string => randomBytes(32).toString('base64');
const staff = Array.from({ length: 50 }, () => randomUUID());
const subjects = Array.from({ length: 5000 }, () => randomUUID());
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/** A PD read as the access guard records it: realistic size and variety. */
function pdRead(): NewAuditEntry {
  const denied = Math.random() < 0.05;
  return {
    actorKind: 'staff',
    actorId: pick(staff),
    actorRoles: ['OPERATOR'],
    requestId: randomUUID(),
    ip: `10.0.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
    action: 'SUBJECT_READ',
    outcome: denied ? 'DENIED' : 'ALLOWED',
    code: denied ? 'ACCESS_ORDER_REQUIRED' : null,
    subjectId: pick(subjects),
    categories: ['CONTACT', 'IDENTITY'],
    operation: 'READ',
    purpose: 'CONTRACT',
    reason: `TICKET-${Math.floor(Math.random() * 100000)}`,
  };
}

const COLUMNS = [
  'id', 'chainId', 'seq', 'at', 'actorKind', 'actorId', 'actorRoles', 'action', 'subjectId',
  'targetId', 'fields', 'categories', 'operation', 'purpose', 'reason', 'outcome', 'code',
  'requestId', 'ip', 'prevHash', 'hash',
] as const; // prettier-ignore

/** Writes `ENTRIES` valid entries over `CHAINS` chains with multi-row inserts, plus checkpoints. */
async function seed(app: INestApplicationContext, auditKey: Buffer): Promise<number> {
  const db = app.get(DataSource);
  const started = performance.now();
  const now = Date.now();
  const step = (30 * 86_400_000) / ENTRIES;
  const chains = Array.from({ length: CHAINS }, () => {
    const id = randomUUID();
    return { id, seq: 0, hash: genesisHash(auditKey, id) };
  });
  const rowsOf = (from: number, count: number): unknown[][] =>
    Array.from({ length: count }, (_, i) => {
      const chain = chains[(from + i) % CHAINS];
      const source = pdRead();
      const body: HashedFields = {
        id: randomUUID(),
        chainId: chain.id,
        seq: chain.seq + 1,
        at: new Date(now - 30 * 86_400_000 + (from + i) * step),
        actorKind: source.actorKind,
        actorId: source.actorId,
        actorRoles: [...source.actorRoles],
        action: source.action,
        subjectId: source.subjectId ?? null,
        targetId: null,
        fields: [],
        categories: [...(source.categories ?? [])],
        operation: source.operation ?? null,
        purpose: source.purpose ?? null,
        reason: source.reason ?? null,
        outcome: source.outcome,
        code: source.code ?? null,
        requestId: source.requestId,
        ip: source.ip,
        identifierHash: null,
      };
      const row: AuditEntry = { ...body, prevHash: chain.hash, hash: '' };
      row.hash = entryHash(auditKey, chain.hash, body);
      chain.seq = row.seq;
      chain.hash = row.hash;
      return COLUMNS.map((column) =>
        Array.isArray(row[column]) ? JSON.stringify(row[column]) : row[column],
      );
    });
  const insert = (rows: unknown[][]) =>
    db.query(
      `INSERT INTO audit_entries (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ` +
        rows.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', '),
      rows.flat(),
    );
  const inFlight = new Set<Promise<unknown>>();
  for (let from = 0; from < ENTRIES; from += BATCH_ROWS) {
    const pending: Promise<unknown> = insert(rowsOf(from, Math.min(BATCH_ROWS, ENTRIES - from)));
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
    if (inFlight.size >= INSERTS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  // Registered and checkpointed as the app does it, so the seeded trail verifies.
  const registry = app.get(LaneRegistry);
  await app.get(Transactions).run((tx) =>
    registry.open(
      chains.map((chain) => chain.id),
      tx.manager,
    ),
  );
  for (const chain of chains)
    await db.getRepository(AuditChain).save(registry.checkpoint(chain.id, chain, null));
  return performance.now() - started;
}

async function appendThroughput(config: AppConfig, lanes: number): Promise<number> {
  const app = await context({ ...config, audit: { ...config.audit, lanes } });
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

function context(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(BenchModule.forRoot(config), { logger: false });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('mysql', 'bench');
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: key(), MASTER_KEYS: `k1:${key()}`, BLIND_INDEX_KEY: key(), AUDIT_HMAC_KEY: key() }); // prettier-ignore
  Object.assign(config, { db: { ...scratch.db, poolSize: 20 } });
  try {
    const app = await context(config);
    const db = app.get(DataSource);
    const [server] = await db.query(
      'SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush',
    );
    console.log(
      `server ${server.version}, buffer pool ${Math.round(server.pool / 2 ** 20)} MiB, flush_log_at_trx_commit=${server.flush}; ` +
        `node ${process.version}, ${cpus().length} CPUs`,
    );

    const seedMs = await seed(app, config.keys.auditKey);
    console.log(
      `seeded ${fmt(ENTRIES)} entries on ${CHAINS} chains in ${(seedMs / 1000).toFixed(1)} s`,
    );

    for (const run of ['verify (1st run)', 'verify (2nd run)']) {
      const report = await app.get(AuditVerifier).verify();
      // The seeded entries, and one AUDIT_LANE_OPEN per chain in the lane registry.
      if (!report.ok || report.entries !== ENTRIES + CHAINS)
        throw new Error(`unexpected: ${JSON.stringify(report)}`);
      const perSecond = report.entries / (report.durationMs / 1000);
      console.log(
        `${run}: ${fmt(report.entries)} entries, ${report.chains} chains in ${(report.durationMs / 1000).toFixed(2)} s = ${fmt(perSecond)} entries/s`,
      );
    }
    await app.close();

    for (const lanes of LANES) {
      const perSecond = await appendThroughput(config, lanes);
      console.log(
        `append: ${fmt(APPENDS)} records, ${IN_FLIGHT} in flight, AUDIT_LANES=${lanes}: ${fmt(perSecond)} records/s`,
      );
    }

    const after = await context(config);
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
