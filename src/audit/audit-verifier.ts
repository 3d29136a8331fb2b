import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AuditProblem } from './audit-actions';
import { AuditChain } from './audit-chain.entity';
import { AuditEntry } from './audit-entry.entity';
import { genesisHash } from './audit-hash';
import type { Head } from './audit-lanes';
import { type BadEntry, ChainWalk, type Walked } from './chain-walk';
import { EntryChecks } from './entry-checks';
import { type EntryPages, entryPages } from './entry-pages';
import { type AnchorHeads, laneFindings } from './lane-findings';
import { LaneRegistry, REGISTRY_CHAIN_ID } from './lane-registry';
import { seqOf, type WalkedEntry } from './stored-entry';

export type { BadEntry } from './chain-walk';

export interface VerifyReport {
  ok: boolean;
  chains: number;
  entries: number;
  /** The earliest, by time, of each damaged chain's first bad entry. */
  firstBad?: BadEntry;
  /** With an anchor: when it was taken, how many chains it named, whether all still hold. */
  anchor?: { at: string; chains: number; covered: boolean };
  durationMs: number;
}

/** A verification and each chain's head as it saw them (what an anchor signs). */
export interface Verified {
  report: VerifyReport;
  heads: Map<string, Head>;
}

/** Entries per page: memory holds a few pages per chain walked, never a whole chain. */
const PAGE = 1000;
/** Problems a concurrent lane opening or seal can show for a moment: looked at again. */
const RACY: readonly AuditProblem[] = [AuditProblem.LANE_MISSING, AuditProblem.SEAL_BROKEN];

/**
 * Proves the trail intact, or names the first entry that is not (AuditProblem says what
 * was done to it). Walks every chain in seq order in keyset pages of 1,000 (entry-pages.ts:
 * raw rows, each with the message its HMAC covers as the database writes it), on MySQL
 * four chains at once; a worker thread recomputes the HMACs of one page while this thread
 * reads the next (EntryChecks), so memory holds a few pages per chain, never a chain.
 * Then it checks the lanes against their signed checkpoints, the registry and, when
 * given, an anchor (laneFindings).
 *
 * It reads only committed rows and takes no lock, so it runs beside live traffic. The
 * order of its reads makes that safe: chain ids in entries, then checkpoints, then each
 * chain's entries (a checkpoint never runs ahead of its chain), and the registry last (a
 * lane is registered no later than its row and first entry are written). A lane opened
 * or sealed while it read shows as LANE_MISSING or SEAL_BROKEN for a moment, so those
 * lanes are read once more before anything is reported.
 */
@Injectable()
export class AuditVerifier {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: LaneRegistry,
    config: AppConfig,
  ) {
    this.key = config.keys.auditKey;
  }

  /** `onProgress` hears of each chain walked (for the command line's progress bar). */
  async verify(
    anchor?: AnchorHeads,
    onProgress?: (chains: number, of: number) => void,
  ): Promise<VerifyReport> {
    return (await this.walk(anchor, onProgress)).report;
  }

  async walk(
    anchor?: AnchorHeads,
    onProgress?: (chains: number, of: number) => void,
  ): Promise<Verified> {
    const started = performance.now();
    const inEntries = await this.chainIdsInEntries();
    const checkpoints = await this.dataSource.getRepository(AuditChain).find();
    const byId = new Map(checkpoints.map((chain) => [chain.id, chain]));
    const lanes = [...new Set([...byId.keys(), ...inEntries])]
      .filter((id) => id !== REGISTRY_CHAIN_ID)
      .sort();
    const parallel = this.dataSource.options.type === 'better-sqlite3' ? 1 : 4;
    const walked = new Map<string, Walked>();
    const read = entryPages(this.dataSource);
    const checks = new EntryChecks(this.key, read);
    const walkOne = async (id: string, checkpoint: AuditChain | undefined) => {
      walked.set(id, await this.walkChain(id, checkpoint, anchor, read, checks));
      onProgress?.(walked.size, lanes.length + 1);
    };
    let bad: BadEntry[];
    try {
      await mapLimit(lanes, parallel, (id) => walkOne(id, byId.get(id)));
      const registryRow = byId.get(REGISTRY_CHAIN_ID);
      if (registryRow || inEntries.includes(REGISTRY_CHAIN_ID) || lanes.length > 0)
        await walkOne(REGISTRY_CHAIN_ID, registryRow);
      if (!registryRow && walked.get(REGISTRY_CHAIN_ID)?.entries === 0)
        walked.delete(REGISTRY_CHAIN_ID);

      const seen = () => ({
        registryId: REGISTRY_CHAIN_ID,
        walked,
        signed: (checkpoint: AuditChain) => this.registry.signed(checkpoint),
        anchor,
      });
      bad = laneFindings(seen());
      const again = bad
        .filter((found) => RACY.includes(found.problem))
        .map((found) => found.chainId);
      if (again.length > 0) {
        for (const id of again) {
          const checkpoint = await this.dataSource.getRepository(AuditChain).findOneBy({ id });
          await walkOne(id, checkpoint ?? undefined);
        }
        bad = laneFindings(seen());
      }
    } finally {
      await checks.close();
    }
    bad.sort(
      (a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.chainId.localeCompare(b.chainId),
    );

    const report: VerifyReport = {
      ok: bad.length === 0,
      chains: walked.size,
      entries: [...walked.values()].reduce((sum, chain) => sum + chain.entries, 0),
      durationMs: 0,
    };
    if (bad.length > 0) report.firstBad = bad[0];
    if (anchor) {
      const missed = bad.some((found) => found.problem === AuditProblem.ANCHOR_NOT_COVERED);
      report.anchor = { at: anchor.at, chains: anchor.heads.size, covered: !missed };
    }
    report.durationMs = Math.round(performance.now() - started);
    const heads = new Map<string, Head>();
    for (const [id, chain] of walked)
      heads.set(id, chain.last ?? { seq: 0, hash: genesisHash(this.key, id) });
    return { report, heads };
  }

  private async walkChain(
    chainId: string,
    checkpoint: AuditChain | undefined,
    anchor: AnchorHeads | undefined,
    read: EntryPages,
    checks: EntryChecks,
  ): Promise<Walked> {
    const places = new Set<number>();
    if (checkpoint) places.add(checkpoint.lastSeq);
    const anchored = anchor?.heads.get(chainId);
    if (anchored) places.add(anchored.seq);
    const walk = new ChainWalk(
      chainId,
      checkpoint,
      genesisHash(this.key, chainId),
      places,
      chainId === REGISTRY_CHAIN_ID,
    );
    // Three pages at most: one being read, one being hashed, one being walked.
    let page = await read.page(chainId, 0, PAGE);
    let hashed: { page: WalkedEntry[]; unhashed: Promise<Set<number>> } | null = null;
    for (;;) {
      const current = page.length > 0 ? { page, unhashed: checks.unhashed(chainId, page) } : null;
      const next =
        page.length === PAGE ? read.page(chainId, seqOf(page[page.length - 1]), PAGE) : null;
      if (hashed) {
        const unhashed = await hashed.unhashed;
        hashed.page.forEach((row, i) => walk.visit(row, !unhashed.has(i)));
      }
      if (!current) break;
      hashed = current;
      page = next ? await next : [];
    }
    return walk.result;
  }

  private async chainIdsInEntries(): Promise<string[]> {
    const rows: Array<{ chainId: string }> = await this.dataSource
      .createQueryBuilder(AuditEntry, 'entry')
      .select('DISTINCT entry.chainId', 'chainId')
      .getRawMany();
    return rows.map((row) => row.chainId);
  }
}

async function mapLimit<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
