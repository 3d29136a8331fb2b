import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { fromDbTime, toDbTime } from '../database/db-time';
import { ActorKind } from './audit-actions';
import type { AuditEntry } from './audit-entry.entity';
import { entryHash, type HashedFields, normaliseList, normaliseReason } from './audit-hash';
import type { Head } from './audit-lanes';
import type { NewAuditEntry } from './audit-origin';

/**
 * Every request that touches PD appends one entry, so the statement is written once: a
 * query builder would rebuild it per call and, on MySQL, read the row back afterwards to
 * learn column defaults it already has. The order is COLUMNS'; verification re-hashes what
 * is stored, so any mismatch here would show up as HASH_MISMATCH in the tests.
 */
const COLUMNS = [
  'id',
  'chainId',
  'seq',
  'at',
  'actorKind',
  'actorId',
  'actorRoles',
  'action',
  'subjectId',
  'targetId',
  'fields',
  'categories',
  'operation',
  'purpose',
  'reason',
  'outcome',
  'code',
  'requestId',
  'ip',
  'identifierHash',
  'prevHash',
  'hash',
  'readWindow',
] as const satisfies ReadonlyArray<keyof AuditEntry>;
const INSERT_SQL = `INSERT INTO audit_entries (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

/**
 * The entry hashed onto `prev` as the next one of `chainId`; the trail adds nothing else.
 * `readWindow` (not hashed) asks the database to weigh a counted read in the INSERT.
 */
export function chainedRow(
  key: Buffer,
  chainId: string,
  prev: Head,
  entry: NewAuditEntry,
  at: Date,
  readWindow: number | null = null,
): AuditEntry {
  const body: HashedFields = {
    id: randomUUID(),
    chainId,
    seq: prev.seq + 1,
    at,
    actorKind: entry.actorKind,
    actorId: entry.actorId,
    actorRoles: entry.actorKind === ActorKind.STAFF ? normaliseList(entry.actorRoles) : [],
    action: entry.action,
    subjectId: entry.subjectId ?? null,
    targetId: entry.targetId ?? null,
    fields: normaliseList(entry.fields),
    categories: normaliseList(entry.categories),
    operation: entry.operation ?? null,
    purpose: entry.purpose ?? null,
    reason: normaliseReason(entry.reason),
    outcome: entry.outcome,
    code: entry.code ?? null,
    requestId: entry.requestId?.slice(0, 64) ?? null,
    ip: entry.ip?.slice(0, 64) ?? null,
    identifierHash: entry.identifierHash ?? null,
  };
  const hash = entryHash(key, prev.hash, body);
  return { ...body, prevHash: prev.hash, hash, readWindow, readsInWindow: null };
}

const isSqlite = (manager: EntityManager): boolean =>
  manager.connection.options.type === 'better-sqlite3';

/** The statement for `count` rows, built once per count: a group commit writes up to BATCH_ROWS. */
const insertSql: string[] = [];
const VALUES = `(${COLUMNS.map(() => '?').join(', ')})`;
const insertFor = (count: number): string =>
  (insertSql[count] ??= `${INSERT_SQL}${`, ${VALUES}`.repeat(count - 1)}`);

/** The most entries one INSERT carries (23 parameters each). */
export const BATCH_ROWS = 64;

/**
 * One INSERT of consecutive rows (at most BATCH_ROWS); a duplicate (chainId, seq) means
 * someone else wrote one of those places first, and then none of the rows is written.
 * On MySQL/MariaDB the counter trigger weighs each counted read as it is written and the
 * INSERT returns the figure (`readsInWindow`, set on the rows here); SQLite leaves it null.
 */
export async function insertRows(manager: EntityManager, rows: AuditEntry[]): Promise<void> {
  const params: unknown[] = [];
  for (const row of rows) {
    for (const column of COLUMNS) {
      const value = row[column];
      if (value instanceof Date) params.push(toDbTime(manager, value));
      else params.push(Array.isArray(value) ? JSON.stringify(value) : value);
    }
  }
  if (isSqlite(manager)) {
    await manager.query(insertFor(rows.length), params);
    return;
  }
  const weighed: Array<{ readsInWindow: number | null }> = await manager.query(
    `${insertFor(rows.length)} RETURNING readsInWindow`,
    params,
  );
  weighed.forEach((each, index) => {
    rows[index].readsInWindow = each.readsInWindow === null ? null : Number(each.readsInWindow);
  });
}

/**
 * The clause that makes a read see the latest committed rows and lock them: in a MySQL
 * transaction a plain read sees the snapshot of its first read, which may predate a seal
 * or a registration committed since. SQLite admits one writer at a time, so it needs none.
 */
export function locking(manager: EntityManager, mode: 'update' | 'share'): string {
  if (isSqlite(manager)) return '';
  return mode === 'update' ? ' FOR UPDATE' : ' LOCK IN SHARE MODE';
}

export interface StoredHead extends Head {
  action: string;
}

/** The chain's last entry as the database holds it now (latest committed, locked). */
export async function storedHead(
  manager: EntityManager,
  chainId: string,
  mode: 'update' | 'share',
): Promise<StoredHead | null> {
  const rows: Array<{ seq: number; hash: string; action: string }> = await manager.query(
    `SELECT seq, hash, action FROM audit_entries WHERE chainId = ? ORDER BY seq DESC LIMIT 1${locking(manager, mode)}`,
    [chainId],
  );
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash, action: rows[0].action } : null;
}

/** A chain's checkpoint row as stored, locked like `storedHead`. */
export interface StoredCheckpoint {
  id: string;
  lastSeq: number;
  lastHash: string;
  checkpointedAt: Date;
  sealedAt: Date | null;
  signature: string | null;
}

export async function storedCheckpoint(
  manager: EntityManager,
  chainId: string,
  mode: 'update' | 'share',
): Promise<StoredCheckpoint | null> {
  const rows: Array<{
    id: string;
    lastSeq: number | string;
    lastHash: string;
    checkpointedAt: unknown;
    sealedAt: unknown;
    signature: string | null;
  }> = await manager.query(
    `SELECT id, lastSeq, lastHash, checkpointedAt, sealedAt, signature FROM audit_chains WHERE id = ?${locking(manager, mode)}`,
    [chainId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    lastSeq: Number(row.lastSeq),
    lastHash: row.lastHash,
    checkpointedAt: fromDbTime(row.checkpointedAt),
    sealedAt: row.sealedAt === null ? null : fromDbTime(row.sealedAt),
    signature: row.signature,
  };
}

/** Runs a write and says how many rows it changed, on either driver. */
export async function rowsChanged(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<number> {
  const owned = manager.queryRunner ? null : manager.connection.createQueryRunner();
  const runner = manager.queryRunner ?? owned!;
  try {
    return (await runner.query(sql, params, true)).affected ?? 0;
  } finally {
    await owned?.release();
  }
}

/** A time as a raw query parameter (re-exported so callers need not know the drivers). */
export const dbTime = toDbTime;
