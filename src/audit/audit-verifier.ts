import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AuditProblem } from './audit-actions';
import { AuditChain } from './audit-chain.entity';
import { AuditEntry } from './audit-entry.entity';
import { entryHash, genesisHash } from './audit-hash';

export interface BadEntry {
  /** The entry found wrong; for a cut tail, the last entry that survives (null if none). */
  entryId: string | null;
  chainId: string;
  seq: number;
  at: string | null;
  problem: AuditProblem;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  chains: number;
  entries: number;
  /** The earliest, by time, of each damaged chain's first bad entry. */
  firstBad?: BadEntry;
  durationMs: number;
}

interface Checked {
  entries: number;
  bad?: BadEntry;
}

type Row = Record<string, unknown> & { id: string; seq: number; prevHash: string; hash: string };

const BATCH = 5000;
const JSON_COLUMNS = ['actorRoles', 'fields', 'categories'] as const;

/**
 * Proves the trail intact, or names the first entry that is not (AuditProblem says what
 * was done to it). Walks every chain in seq order in keyset batches of 5,000, reading the
 * next batch while hashing the current one and several chains at once on MySQL, and
 * recomputes every entry's HMAC from its stored content:
 * - content that no longer hashes to its `hash`: edited (HASH_MISMATCH);
 * - a seq that skips: deleted (SEQUENCE_GAP);
 * - a `prevHash` that is not the previous entry's hash: inserted or reordered (LINK_BROKEN);
 * - a chain that ends before its checkpoint, or entries without a chain: a cut tail
 *   (CHECKPOINT_MISSING).
 * It reads only committed rows and takes no lock, so it runs beside live traffic.
 */
@Injectable()
export class AuditVerifier {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.key = config.keys.auditKey;
  }

  async verify(): Promise<VerifyReport> {
    const started = performance.now();
    // Entries first: a chain's row is committed no later than its first entry, so every
    // chain seen here is also in the checkpoint list read next.
    const inEntries = await this.chainIdsInEntries();
    const checkpoints = await this.dataSource.getRepository(AuditChain).find();
    const byId = new Map(checkpoints.map((chain) => [chain.id, chain]));
    const ids = [...new Set([...byId.keys(), ...inEntries])].sort();
    const parallel = this.dataSource.options.type === 'better-sqlite3' ? 1 : 4;
    const results = await mapLimit(ids, parallel, (id) => this.verifyChain(id, byId.get(id)));
    const bad = results
      .flatMap((result) => (result.bad ? [result.bad] : []))
      .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.chainId.localeCompare(b.chainId));
    const report: VerifyReport = {
      ok: bad.length === 0,
      chains: ids.length,
      entries: results.reduce((sum, result) => sum + result.entries, 0),
      durationMs: Math.round(performance.now() - started),
    };
    if (bad.length > 0) report.firstBad = bad[0];
    return report;
  }

  private async verifyChain(chainId: string, checkpoint: AuditChain | undefined): Promise<Checked> {
    let prevHash = genesisHash(this.key, chainId);
    let expected = 1;
    let entries = 0;
    let bad: BadEntry | undefined;
    let first: Row | undefined;
    let last: Row | undefined;
    let batch = await this.batch(chainId, 0);
    while (batch.length > 0) {
      const next = batch.length === BATCH ? this.batch(chainId, batch[batch.length - 1].seq) : null;
      for (const row of batch) {
        entries++;
        if (!bad) {
          const problem = this.check(row, prevHash, expected);
          if (problem) bad = describe(row, chainId, problem, expected);
        }
        prevHash = row.hash;
        expected = row.seq + 1;
        first ??= row;
        last = row;
      }
      batch = next ? await next : [];
    }
    if (!bad) bad = this.tailProblem(chainId, checkpoint, checkpoint ? last : first);
    return { entries, bad };
  }

  private check(row: Row, prevHash: string, expected: number): AuditProblem | null {
    if (!this.hashes(row)) return AuditProblem.HASH_MISMATCH;
    if (row.seq !== expected) return AuditProblem.SEQUENCE_GAP;
    if (row.prevHash !== prevHash) return AuditProblem.LINK_BROKEN;
    return null;
  }

  /** Whether the stored content still hashes to the stored hash; unreadable content does not. */
  private hashes(row: Row): boolean {
    try {
      return entryHash(this.key, row.prevHash, decode(row)) === row.hash;
    } catch {
      return false;
    }
  }

  /** `last` is the chain's last entry, or its first when it has no checkpoint row at all. */
  private tailProblem(
    chainId: string,
    checkpoint: AuditChain | undefined,
    last: Row | undefined,
  ): BadEntry | undefined {
    const lastSeq = last?.seq ?? 0;
    if (checkpoint && lastSeq >= checkpoint.lastSeq) return undefined;
    return {
      entryId: last?.id ?? null,
      chainId,
      seq: lastSeq,
      at: last ? decodeTime(last.at).toISOString() : (checkpoint?.createdAt.toISOString() ?? null),
      problem: AuditProblem.CHECKPOINT_MISSING,
      detail: checkpoint
        ? `the chain ends at seq ${lastSeq} but was checkpointed at seq ${checkpoint.lastSeq} on ${checkpoint.checkpointedAt.toISOString()}`
        : 'the chain has entries but no checkpoint row',
    };
  }

  private async chainIdsInEntries(): Promise<string[]> {
    const rows: Array<{ chainId: string }> = await this.dataSource
      .createQueryBuilder(AuditEntry, 'entry')
      .select('DISTINCT entry.chainId', 'chainId')
      .getRawMany();
    return rows.map((row) => row.chainId);
  }

  private batch(chainId: string, afterSeq: number): Promise<Row[]> {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const columns = this.dataSource
      .getMetadata(AuditEntry)
      .columns.map((column) => q(column.databaseName))
      .join(', ');
    return this.dataSource.query(
      `SELECT ${columns} FROM ${q('audit_entries')} WHERE ${q('chainId')} = ? AND ${q('seq')} > ? ORDER BY ${q('seq')} LIMIT ?`,
      [chainId, afterSeq, BATCH],
    );
  }
}

function describe(row: Row, chainId: string, problem: AuditProblem, expected: number): BadEntry {
  let at: string | null;
  try {
    at = decodeTime(row.at).toISOString();
  } catch {
    at = null;
  }
  const detail = {
    HASH_MISMATCH: 'its content does not match its hash: it was edited',
    SEQUENCE_GAP: `expected seq ${expected}: the entries before it were deleted`,
    LINK_BROKEN: 'it does not link to the entry before it: entries were inserted or reordered',
    CHECKPOINT_MISSING: 'the chain has no checkpoint',
  }[problem];
  return { entryId: row.id, chainId, seq: row.seq, at, problem, detail };
}

/** A raw row as the entity would hold it (drivers return times and JSON differently). */
function decode(row: Row): AuditEntry {
  const entry = { ...row, at: decodeTime(row.at) } as Record<string, unknown>;
  for (const column of JSON_COLUMNS) entry[column] = JSON.parse(String(row[column]));
  return entry as unknown as AuditEntry;
}

/** MySQL returns a Date; SQLite the UTC text TypeORM stored ("2026-11-24 10:00:00.000"). */
function decodeTime(value: unknown): Date {
  const at = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
  if (Number.isNaN(at.getTime())) throw new RangeError('unreadable time');
  return at;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
