import { AuditAction, AuditProblem } from './audit-actions';
import type { AuditChain } from './audit-chain.entity';
import type { AuditEntry } from './audit-entry.entity';
import { entryHash } from './audit-hash';
import { LANE_ENDS } from './lane-registry';

export interface BadEntry {
  /** The entry found wrong; for a cut tail, the last entry that survives (null if none). */
  entryId: string | null;
  chainId: string;
  seq: number;
  at: string | null;
  problem: AuditProblem;
  detail: string;
}

export type Row = Record<string, unknown> & {
  id: string;
  seq: number;
  prevHash: string;
  hash: string;
  action: string;
  targetId: string | null;
};

/** An entry as the findings name it. */
export interface Seen {
  id: string;
  seq: number;
  hash: string;
  at: string | null;
}

/** What one pass over a chain found, for the cross-checks in lane-findings.ts. */
export interface Walked {
  chainId: string;
  checkpoint: AuditChain | undefined;
  entries: number;
  first?: Seen;
  last?: Seen;
  /** The first edited, deleted, inserted or reordered entry. */
  bad?: BadEntry;
  /** The lane's end entry (AUDIT_LANE_CLOSE or AUDIT_LANE_SEAL), and the first entry after it. */
  end?: Seen;
  afterEnd?: Seen;
  /** Hashes at the places the checks ask about (the checkpoint's, an anchor's). */
  hashAt: Map<number, string>;
  /** The registry only: each lane's AUDIT_LANE_OPEN entry, and the lanes ended. */
  opened: Map<string, Seen>;
  ended: Set<string>;
}

const JSON_COLUMNS = ['actorRoles', 'fields', 'categories'] as const;

/**
 * Checks one chain's entries in seq order as they stream past, recomputing each HMAC
 * from the stored content:
 * - content that no longer hashes to its `hash`: edited (HASH_MISMATCH);
 * - a seq that skips: deleted (SEQUENCE_GAP);
 * - a `prevHash` that is not the previous entry's hash: inserted or reordered (LINK_BROKEN).
 * It also notes what the lane-level checks need: the last entry, the hashes at the
 * places asked for, the lane's end, and for the registry which lanes it opened and ended.
 */
export class ChainWalk {
  private prevHash: string;
  private expected = 1;
  private firstRow: Row | undefined;
  private lastRow: Row | undefined;
  private readonly walked: Walked;

  constructor(
    private readonly key: Buffer,
    chainId: string,
    checkpoint: AuditChain | undefined,
    genesis: string,
    private readonly places: ReadonlySet<number>,
    private readonly registry: boolean,
  ) {
    this.prevHash = genesis;
    this.walked = {
      chainId,
      checkpoint,
      entries: 0,
      hashAt: new Map(),
      opened: new Map(),
      ended: new Set(),
    };
  }

  /** Per entry: the hash check and a few comparisons; anything costlier waits for `result`. */
  visit(row: Row): void {
    const walked = this.walked;
    walked.entries++;
    if (!walked.bad) {
      const problem = this.check(row);
      if (problem) walked.bad = describe(row, walked.chainId, problem, this.expected);
    }
    if (this.places.has(row.seq)) walked.hashAt.set(row.seq, row.hash);
    if (this.registry) {
      if (row.targetId && row.action === AuditAction.AUDIT_LANE_OPEN)
        walked.opened.set(row.targetId, seen(row));
      else if (row.targetId && LANE_ENDS.includes(row.action)) walked.ended.add(row.targetId);
    } else if (walked.end) walked.afterEnd ??= seen(row);
    else if (LANE_ENDS.includes(row.action)) walked.end = seen(row);
    this.prevHash = row.hash;
    this.expected = row.seq + 1;
    this.firstRow ??= row;
    this.lastRow = row;
  }

  get result(): Walked {
    return {
      ...this.walked,
      first: this.firstRow && seen(this.firstRow),
      last: this.lastRow && seen(this.lastRow),
    };
  }

  private check(row: Row): AuditProblem | null {
    if (!this.hashes(row)) return AuditProblem.HASH_MISMATCH;
    if (row.seq !== this.expected) return AuditProblem.SEQUENCE_GAP;
    if (row.prevHash !== this.prevHash) return AuditProblem.LINK_BROKEN;
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
}

function seen(row: Row): Seen {
  return { id: row.id, seq: row.seq, hash: row.hash, at: timeOf(row) };
}

function describe(row: Row, chainId: string, problem: AuditProblem, expected: number): BadEntry {
  const detail: Partial<Record<AuditProblem, string>> = {
    HASH_MISMATCH: 'its content does not match its hash: it was edited',
    SEQUENCE_GAP: `expected seq ${expected}: the entries before it were deleted`,
    LINK_BROKEN: 'it does not link to the entry before it: entries were inserted or reordered',
  };
  return {
    entryId: row.id,
    chainId,
    seq: row.seq,
    at: timeOf(row),
    problem,
    detail: detail[problem]!,
  };
}

function timeOf(row: Row): string | null {
  try {
    return decodeTime(row.at).toISOString();
  } catch {
    return null;
  }
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
