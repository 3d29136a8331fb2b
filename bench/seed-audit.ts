/**
 * Seeding for the benchmarks that need a large audit trail: valid entries over several
 * chains, written with multi-row inserts, registered and checkpointed as the app does it,
 * so the seeded trail verifies.
 */
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditChain } from '../src/audit/audit-chain.entity';
import type { AuditEntry } from '../src/audit/audit-entry.entity';
import { entryHash, genesisHash, type HashedFields } from '../src/audit/audit-hash';
import type { NewAuditEntry } from '../src/audit/audit-origin';
import { LaneRegistry } from '../src/audit/lane-registry';
import { Transactions } from '../src/database/transactions';
import { AuditModule } from '../src/audit/audit.module';
import { CommonModule } from '../src/common/common.module';
import type { AppConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { DatabaseModule } from '../src/database/database.module';

const BATCH_ROWS = 2000;
const INSERTS_IN_FLIGHT = 4;

const staff = Array.from({ length: 50 }, () => randomUUID());
const subjects = Array.from({ length: 5000 }, () => randomUUID());
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/** A PD read as the access guard records it: realistic size and variety. */
export function pdRead(): NewAuditEntry {
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
export async function seedAuditTrail(
  app: INestApplicationContext,
  auditKey: Buffer,
  ENTRIES: number,
  CHAINS: number,
): Promise<number> {
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
      const row: AuditEntry = {
        ...body,
        prevHash: chain.hash,
        hash: '',
        readWindow: null,
        readsInWindow: null,
      };
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

/** Only what the audit trail needs: configuration, clock, database, scheduler, audit. */
@Module({})
class AuditBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuditBenchModule,
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

/** An application context with the audit trail on `config`'s database (migrated at start). */
export function auditContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AuditBenchModule.forRoot(config), { logger: false });
}
