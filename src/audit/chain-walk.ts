import { AuditAction, AuditProblem } from './audit-actions';
import type { AuditChain } from './audit-chain.entity';
import { LANE_ENDS } from './lane-registry';
import { COL, decodeTime, hashOf, idOf, seqOf, type WalkedEntry } from './stored-entry';

export interface BadEntry {
  /** The entry found wrong; for a cut tail, the last entry that survives (null if none). */
  entryId: string | null;
  chainId: string;
  seq: number;
  at: string | null;
  problem: AuditProblem;
  detail: string;
}

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

/**
 * Checks one chain's entries in seq order as they stream past, told for each whether its
 * stored content still hashes to its `hash` (EntryChecks recomputes the HMACs):
 * - content that no longer hashes to its `hash`: edited (HASH_MISMATCH);
 * - a seq that skips: deleted (SEQUENCE_GAP);
 * - a `prevHash` that is not the previous entry's hash: inserted or reordered (LINK_BROKEN).
 * It also notes what the lane-level checks need: the last entry, the hashes at the
 * places asked for, the lane's end, and for the registry which lanes it opened and ended.
 */
export class ChainWalk {
  private prevHash: string;
  private expected = 1;
  private firstRow: WalkedEntry | undefined;
  private lastRow: WalkedEntry | undefined;
  private readonly walked: Walked;

  constructor(
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
  visit(row: WalkedEntry, hashes: boolean): void {
    const walked = this.walked;
    const seq = seqOf(row);
    walked.entries++;
    if (!walked.bad) {
      const problem = this.check(row, hashes);
      if (problem) walked.bad = describe(row, walked.chainId, problem, this.expected);
    }
    if (this.places.has(seq)) walked.hashAt.set(seq, String(hashOf(row)));
    const action = row[COL.action] as string;
    const targetId = row[COL.targetId] as string | null;
    if (this.registry) {
      if (targetId && action === AuditAction.AUDIT_LANE_OPEN)
        walked.opened.set(targetId, seen(row));
      else if (targetId && LANE_ENDS.includes(action)) walked.ended.add(targetId);
    } else if (walked.end) walked.afterEnd ??= seen(row);
    else if (LANE_ENDS.includes(action)) walked.end = seen(row);
    this.prevHash = String(hashOf(row));
    this.expected = seq + 1;
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

  private check(row: WalkedEntry, hashes: boolean): AuditProblem | null {
    if (!hashes) return AuditProblem.HASH_MISMATCH;
    if (seqOf(row) !== this.expected) return AuditProblem.SEQUENCE_GAP;
    if (row[COL.prevHash] !== this.prevHash) return AuditProblem.LINK_BROKEN;
    return null;
  }
}

function seen(row: WalkedEntry): Seen {
  return { id: idOf(row), seq: seqOf(row), hash: String(hashOf(row)), at: timeOf(row) };
}

function describe(
  row: WalkedEntry,
  chainId: string,
  problem: AuditProblem,
  expected: number,
): BadEntry {
  const detail: Partial<Record<AuditProblem, string>> = {
    HASH_MISMATCH: 'its content does not match its hash: it was edited',
    SEQUENCE_GAP: `expected seq ${expected}: the entries before it were deleted`,
    LINK_BROKEN: 'it does not link to the entry before it: entries were inserted or reordered',
  };
  return {
    entryId: idOf(row),
    chainId,
    seq: seqOf(row),
    at: timeOf(row),
    problem,
    detail: detail[problem]!,
  };
}

function timeOf(row: WalkedEntry): string | null {
  try {
    return decodeTime(row[COL.at]).toISOString();
  } catch {
    return null;
  }
}
