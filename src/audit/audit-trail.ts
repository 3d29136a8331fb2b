import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { isDuplicateKey } from '../database/db-errors';
import { type Tx, Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';
import { AuditAction, AuditOutcome } from './audit-actions';
import type { AuditEntry } from './audit-entry.entity';
import { genesisHash } from './audit-hash';
import { type Lane, LanePool } from './audit-lanes';
import type { NewAuditEntry } from './audit-origin';
import { BATCH_ROWS, chainedRow, insertRows, storedCheckpoint, storedHead } from './audit-rows';
import { LANE_ENDS, LaneRegistry } from './lane-registry';

/** Told of entries once they are durable: a group commit's, or a transaction's, together. */
export type AuditListener = (entries: AuditEntry[]) => void | Promise<void>;

/** Places tried for one entry: a lost race with a seal, then the new lane's first place. */
const ATTEMPTS = 3;

/** An entry waiting for the next group commit, and its caller's answer. */
interface Waiting {
  entry: NewAuditEntry;
  written: (row: AuditEntry) => void;
  failed: (error: unknown) => void;
}

/**
 * The append side of the tamper-evident trail (DESIGN.md, "The access rule"): every entry
 * is written before the response, and when it cannot be written the caller's request
 * fails, so no PD leaves without its entry.
 *
 * Why lanes. A single hash chain needs each append to know the previous hash, so it
 * would make every request in every instance wait on one lock. Instead each process
 * owns K chains (`AUDIT_LANES`), registered with new ids (LaneRegistry) and never
 * resumed by anyone else, so two instances can never fork a chain and an append needs
 * no coordination at all. An append takes a free lane (FIFO wait when all K are busy),
 * hashes the entry onto that lane's head (`HMAC(key, prevHash + canonical JSON)`,
 * seq = head + 1), inserts one row, and only then advances the head in memory. K
 * appends run at once per process; the (chainId, seq) primary key is the backstop that
 * makes a fork impossible even if the in-memory head were wrong.
 *
 * That key is also how a paused instance learns that its lane was sealed meanwhile: the
 * seal took the next place, the insert is refused, the lane re-reads its head, finds the
 * seal, and the entry goes to a new lane registered in its place (AUDIT_LANE_OPEN).
 *
 * Outside a transaction, entries are **group-committed**: an entry waits for a lane and a
 * connection, and whoever gets them writes every entry waiting by then (up to
 * BATCH_ROWS) onto the lane in one multi-row INSERT, which commits on its own. Each caller
 * is answered only once the INSERT holding its entry has committed and the listeners
 * (detection) have weighed it; a failed INSERT fails every caller in it. Under load, the
 * entries of concurrent requests share one statement and one commit.
 *
 * Inside a business transaction (`tx`) the entry is inserted on the transaction's
 * connection so it commits or rolls back with the change it records. The lane stays
 * with that transaction until it settles (a second entry in it reuses the lane, so a
 * transaction never waits on itself), then the head moves on commit. Record last in the
 * transaction: the lane is held from the record to the commit.
 *
 * A lane is only ever taken by someone who already holds a database connection (the
 * transaction's, or one pinned by `Transactions.connected`), so lanes and the pool
 * cannot deadlock. When a write fails or its outcome is unknown (rollback, lost
 * connection), the lane re-reads its head from the database before its next use, and
 * the error propagates to the caller.
 */
@Injectable()
export class AuditTrail {
  readonly lanes: LanePool;
  private readonly key: Buffer;
  /** The window the database weighs each counted read in, as it appends it (P16). */
  private readonly readWindow: number;
  private readonly laneOfTx = new WeakMap<Tx, Lane>();
  private readonly written = new WeakMap<Tx, AuditEntry[]>();
  private readonly listeners: AuditListener[] = [];
  private readonly notifying = new Set<Promise<void>>();
  /** Per committed transaction: its listeners' work, for a caller that answers only after it. */
  private readonly notifiedOf = new WeakMap<Tx, Promise<void>>();
  private readonly logger = new Logger(AuditTrail.name);
  private readonly waiting: Waiting[] = [];
  private flushes = 0;

  constructor(
    private readonly transactions: Transactions,
    private readonly registry: LaneRegistry,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = config.keys.auditKey;
    this.readWindow = config.detection.readWindowSeconds;
    this.lanes = new LanePool(config.audit.lanes, (chainId) => genesisHash(this.key, chainId));
  }

  /**
   * Appends one entry; with `tx`, as part of that transaction. Without, in the next group
   * commit. Resolves once it is written (and, outside a transaction, weighed by the
   * listeners).
   */
  record(entry: NewAuditEntry, tx?: Tx): Promise<AuditEntry> {
    if (tx) return this.recordIn(tx, entry);
    return new Promise<AuditEntry>((written, failed) => {
      this.waiting.push({ entry, written, failed });
      this.flushSoon();
    });
  }

  /** Starts a group commit when entries wait and a lane could take them. */
  private flushSoon(): void {
    if (this.waiting.length === 0 || this.flushes >= this.lanes.all().length) return;
    this.flushes++;
    void this.flush().finally(() => {
      this.flushes--;
      this.flushSoon();
    });
  }

  /**
   * One group commit: the entries waiting once a connection and a lane are held (those
   * that came meanwhile included), in one INSERT. The batch is taken once, so a retried
   * connection writes the same entries again, never others.
   */
  private async flush(): Promise<void> {
    let batch: Waiting[] | undefined;
    let rows: AuditEntry[] = [];
    try {
      await this.transactions.connected(async (manager) => {
        let lane = await this.lanes.acquire();
        try {
          batch ??= this.waiting.splice(0, BATCH_ROWS).sort(byActor);
          if (batch.length === 0) return;
          rows = await this.append(
            lane,
            batch.map((each) => each.entry),
            manager,
            (fresh) => (lane = fresh),
          );
          const last = rows[rows.length - 1];
          lane.head = { seq: last.seq, hash: last.hash };
        } catch (error) {
          lane.state = 'stale';
          throw error;
        } finally {
          this.lanes.release(lane);
        }
      });
    } catch (error) {
      // No connection at all: the entries still waiting could not be written either.
      for (const each of batch ?? this.waiting.splice(0)) each.failed(error);
      return;
    }
    if (!batch?.length) return;
    await this.notify(rows);
    batch.forEach((each, index) => each.written(rows[index]));
  }

  /**
   * Runs a change; when a rule refuses it with one of `codes`, records the attempt as
   * DENIED with that code (its transaction has rolled back by then) and rethrows. For
   * refusals that matter to an investigation, such as a wrong current password.
   */
  async refusals<T>(
    attempt: Omit<NewAuditEntry, 'outcome' | 'code'>,
    codes: readonly ErrorCode[],
    change: () => Promise<T>,
  ): Promise<T> {
    try {
      return await change();
    } catch (error) {
      if (error instanceof AppError && codes.includes(error.code)) {
        await this.record({ ...attempt, outcome: AuditOutcome.DENIED, code: error.code });
      }
      throw error;
    }
  }

  /**
   * Called with entries once they are durable (after their transaction or group commit),
   * all of one commit at once. A listener that fails is logged and does not undo or fail
   * the request: the entry stands.
   */
  onRecorded(listener: AuditListener): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves once the listeners have been told of the entries `tx` committed: detection
   * (P16) suspends before the answer to the request that tripped it leaves.
   */
  notified(tx: Tx): Promise<void> {
    return this.notifiedOf.get(tx) ?? Promise.resolve();
  }

  /** Resolves once the listeners have been told of every committed entry (for shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.notifying]);
  }

  /**
   * Registers every free lane that is not registered yet, or replaces a sealed one, in
   * one transaction: at a serving instance's start and after a seal is noticed, so the
   * registry's lock stays off the request path. Resolves with how many were opened.
   */
  async openLanes(): Promise<number> {
    let opened: Lane[] = [];
    try {
      await this.transactions.run(async (tx) => {
        // Taken while the transaction holds its connection, and never waited for.
        const taken = this.lanes.takeFree((lane) => lane.state === 'unsaved' || lane.sealed);
        opened = taken.map((lane) => (lane.sealed ? this.lanes.replace(lane) : lane));
        if (opened.length > 0)
          await this.registry.open(
            opened.map((lane) => lane.chainId),
            tx.manager,
          );
      });
      for (const lane of opened) this.markOpened(lane);
      return opened.length;
    } finally {
      for (const lane of opened) this.lanes.release(lane);
    }
  }

  /**
   * Ends each of this process's lanes with AUDIT_LANE_CLOSE (graceful shutdown, once the
   * requests are done), one transaction per lane, so the lock order stays lane, registry.
   * A lane still held is left to be sealed by another instance once it goes quiet.
   */
  async closeLanes(): Promise<void> {
    for (const slot of this.lanes.all().map((lane) => lane.index)) {
      let lane: Lane | undefined;
      try {
        await this.transactions.run(async (tx) => {
          [lane] = this.lanes.takeFree(
            (each) => each.index === slot && each.state !== 'unsaved' && !each.sealed,
          );
          if (lane) await this.registry.end(lane.chainId, AuditAction.AUDIT_LANE_CLOSE, tx.manager);
        });
        if (lane) lane.sealed = true;
      } catch (error) {
        this.logger.error({ err: { type: (error as Error).name } }, 'audit lane not closed');
      } finally {
        if (lane) this.lanes.release(lane);
      }
    }
  }

  private async recordIn(tx: Tx, entry: NewAuditEntry): Promise<AuditEntry> {
    if (tx.manager.queryRunner?.isReleased) {
      throw new Error('AuditTrail.record was given a transaction that has already ended');
    }
    let lane = this.laneOfTx.get(tx);
    if (!lane) {
      lane = await this.lanes.acquire();
      this.laneOfTx.set(tx, lane);
      tx.onSettled((committed) => this.settle(tx, committed));
    }
    const held = lane;
    try {
      const [row] = await this.append(held, [entry], tx.manager, (fresh) => {
        lane = fresh;
        this.laneOfTx.set(tx, fresh);
      });
      lane.pending = { seq: row.seq, hash: row.hash };
      this.written.set(tx, [...(this.written.get(tx) ?? []), row]);
      return row;
    } catch (error) {
      lane.state = 'stale';
      throw error;
    }
  }

  /** Runs as the holder's transaction ends; must not throw (it runs in its `finally`). */
  private settle(tx: Tx, committed: boolean): void {
    const lane = this.laneOfTx.get(tx);
    const written = this.written.get(tx) ?? [];
    this.laneOfTx.delete(tx);
    this.written.delete(tx);
    if (!lane) return;
    lane.opening = false;
    if (!committed) lane.state = 'stale';
    else if (lane.pending && lane.state === 'ready') lane.head = lane.pending;
    lane.pending = null;
    this.lanes.release(lane);
    if (committed && written.length > 0) {
      const notified = this.notify(written).finally(() => this.notifying.delete(notified));
      this.notifying.add(notified);
      this.notifiedOf.set(tx, notified);
    }
  }

  /**
   * Writes the entries at the lane's next places, in one INSERT. A sealed lane (noticed by
   * the heartbeat, or by a refused place) is swapped for a new one, registered here in the
   * caller's transaction; `swap` tells the caller which lane it now holds.
   */
  private async append(
    first: Lane,
    entries: NewAuditEntry[],
    manager: EntityManager,
    swap: (lane: Lane) => void,
  ): Promise<AuditEntry[]> {
    let lane = first;
    for (let attempt = 1; ; attempt++) {
      if (lane.state === 'stale') await this.reload(lane, manager);
      if (lane.sealed && !lane.pending) {
        lane = this.lanes.replace(lane);
        swap(lane);
      }
      if (lane.state === 'unsaved') await this.openLazily(lane, manager);
      const at = this.clock.now();
      const rows: AuditEntry[] = [];
      let prev = lane.pending ?? lane.head;
      for (const entry of entries) {
        const row = chainedRow(this.key, lane.chainId, prev, entry, at, this.readWindow);
        rows.push(row);
        prev = { seq: row.seq, hash: row.hash };
      }
      try {
        await insertRows(manager, rows);
        return rows;
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= ATTEMPTS || lane.pending) throw error;
        lane.state = 'stale';
      }
    }
  }

  /**
   * Registers the lane on first use where no serving start did (a CLI run, a lane
   * replaced mid-request): in the caller's transaction, or in one of its own on the
   * pinned connection, so a lane is never listed without its row.
   */
  private async openLazily(lane: Lane, manager: EntityManager): Promise<void> {
    if (manager.queryRunner?.isTransactionActive) {
      lane.opening = true;
      await this.registry.open([lane.chainId], manager);
    } else {
      await manager.transaction((inner) => this.registry.open([lane.chainId], inner));
    }
    this.markOpened(lane);
  }

  private markOpened(lane: Lane): void {
    lane.state = 'ready';
    lane.head = lane.genesis;
    lane.checkpointed = 0;
    lane.checkpointedAt = this.clock.now().getTime();
  }

  /** After a failure: what the database holds is the truth, whatever memory thought. */
  private async reload(lane: Lane, manager: EntityManager): Promise<void> {
    const chain = await storedCheckpoint(manager, lane.chainId, 'share');
    const last = await storedHead(manager, lane.chainId, 'share');
    lane.head = last ?? lane.genesis;
    lane.pending = null;
    if (!chain) {
      // Registered in a transaction that rolled back, or its row was deleted since.
      if (last) lane.sealed = true;
      lane.state = last ? 'ready' : 'unsaved';
      return;
    }
    lane.checkpointed = chain.lastSeq;
    if (chain.sealedAt || (last && LANE_ENDS.includes(last.action))) lane.sealed = true;
    lane.state = 'ready';
  }

  private async notify(entries: AuditEntry[]): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(entries);
      } catch (error) {
        this.logger.error(
          { err: { type: (error as Error).name }, entries: entries.length },
          'audit listener failed',
        );
      }
    }
  }
}

/**
 * A group commit's order: by actor, so that two batches on other lanes take the actors'
 * read gates (the counter trigger) in the same order and cannot deadlock on them.
 */
const byActor = (a: Waiting, b: Waiting): number => {
  const [x, y] = [a.entry.actorId ?? '', b.entry.actorId ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
};
