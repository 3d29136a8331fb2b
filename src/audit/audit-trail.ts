import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { toDbTime } from '../database/db-time';
import { type Tx, Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';
import { ActorKind, AuditOutcome } from './audit-actions';
import { AuditChain } from './audit-chain.entity';
import { AuditEntry } from './audit-entry.entity';
import {
  entryHash,
  genesisHash,
  type HashedFields,
  normaliseList,
  normaliseReason,
} from './audit-hash';
import { type Lane, LanePool } from './audit-lanes';
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
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof AuditEntry>;
const INSERT_SQL = `INSERT INTO audit_entries (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

function insertParams(manager: EntityManager, row: AuditEntry): unknown[] {
  return COLUMNS.map((column) => {
    const value = row[column];
    if (value instanceof Date) return toDbTime(manager, value);
    return Array.isArray(value) ? JSON.stringify(value) : value;
  });
}

export type AuditListener = (entry: AuditEntry) => void | Promise<void>;

/**
 * The append side of the tamper-evident trail (DESIGN.md, "The access rule"): every entry
 * is written before the response, and when it cannot be written the caller's request
 * fails, so no PD leaves without its entry.
 *
 * Why lanes. A single hash chain needs each append to know the previous hash, so it
 * would make every request in every instance wait on one lock. Instead each process
 * owns K chains (`AUDIT_LANES`), made with new ids at start and never resumed by anyone
 * else, so two instances can never fork a chain and need no coordination at all. An
 * append takes a free lane (FIFO wait when all K are busy), hashes the entry onto that
 * lane's head (`HMAC(key, prevHash + canonical JSON)`, seq = head + 1), inserts one row,
 * and only then advances the head in memory. K appends run at once per process; the
 * (chainId, seq) primary key is the backstop that makes a fork impossible even if the
 * in-memory head were wrong.
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
  private readonly laneOfTx = new WeakMap<Tx, Lane>();
  private readonly written = new Map<Lane, AuditEntry[]>();
  private readonly listeners: AuditListener[] = [];
  private readonly notifying = new Set<Promise<void>>();
  private readonly logger = new Logger(AuditTrail.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = config.keys.auditKey;
    this.lanes = new LanePool(config.audit.lanes, (chainId) => genesisHash(this.key, chainId));
  }

  /** Appends one entry; with `tx`, as part of that transaction. Resolves once it is written. */
  async record(entry: NewAuditEntry, tx?: Tx): Promise<AuditEntry> {
    if (tx) return this.recordIn(tx, entry);
    const written = await this.transactions.connected(async (manager) => {
      const lane = await this.lanes.acquire();
      try {
        const row = await this.append(lane, entry, manager);
        lane.head = { seq: row.seq, hash: row.hash };
        return row;
      } catch (error) {
        lane.state = 'stale';
        throw error;
      } finally {
        this.lanes.release(lane);
      }
    });
    await this.notify([written]);
    return written;
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
   * Called with each entry once it is durable (after its transaction commits). A listener
   * that fails is logged and does not undo or fail the request: the entry stands.
   */
  onRecorded(listener: AuditListener): void {
    this.listeners.push(listener);
  }

  /** Resolves once the listeners have been told of every committed entry (for shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.notifying]);
  }

  private async recordIn(tx: Tx, entry: NewAuditEntry): Promise<AuditEntry> {
    if (tx.manager.queryRunner?.isReleased) {
      throw new Error('AuditTrail.record was given a transaction that has already ended');
    }
    let lane = this.laneOfTx.get(tx);
    if (!lane) {
      lane = await this.lanes.acquire();
      this.laneOfTx.set(tx, lane);
      const held = lane;
      tx.onSettled((committed) => this.settle(held, tx, committed));
    }
    try {
      const row = await this.append(lane, entry, tx.manager);
      lane.pending = { seq: row.seq, hash: row.hash };
      this.written.set(lane, [...(this.written.get(lane) ?? []), row]);
      return row;
    } catch (error) {
      lane.state = 'stale';
      throw error;
    }
  }

  /** Runs as the holder's transaction ends; must not throw (it runs in its `finally`). */
  private settle(lane: Lane, tx: Tx, committed: boolean): void {
    this.laneOfTx.delete(tx);
    const written = this.written.get(lane) ?? [];
    this.written.delete(lane);
    if (!committed) lane.state = 'stale';
    else if (lane.pending && lane.state === 'ready') lane.head = lane.pending;
    lane.pending = null;
    this.lanes.release(lane);
    if (committed && written.length > 0) {
      const notified = this.notify(written).finally(() => this.notifying.delete(notified));
      this.notifying.add(notified);
    }
  }

  private async append(
    lane: Lane,
    entry: NewAuditEntry,
    manager: EntityManager,
  ): Promise<AuditEntry> {
    if (lane.state === 'stale') await this.reload(lane, manager);
    if (lane.state === 'unsaved') await this.saveChain(lane, manager);
    const prev = lane.pending ?? lane.head;
    const body: HashedFields = {
      ...this.fieldsOf(entry),
      chainId: lane.chainId,
      seq: prev.seq + 1,
    };
    const row: AuditEntry = {
      ...body,
      prevHash: prev.hash,
      hash: entryHash(this.key, prev.hash, body),
    };
    await manager.query(INSERT_SQL, insertParams(manager, row));
    return row;
  }

  private fieldsOf(entry: NewAuditEntry): Omit<HashedFields, 'chainId' | 'seq'> {
    return {
      id: randomUUID(),
      at: this.clock.now(),
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
    };
  }

  /** The chain's row, written on the lane's first use (with its first entry). */
  private async saveChain(lane: Lane, manager: EntityManager): Promise<void> {
    const now = this.clock.now();
    await manager.insert(AuditChain, {
      id: lane.chainId,
      createdAt: now,
      lastSeq: 0,
      lastHash: lane.genesis.hash,
      checkpointedAt: now,
    });
    lane.state = 'ready';
    lane.checkpointed = 0;
  }

  /** After a failure: what the database holds is the truth, whatever memory thought. */
  private async reload(lane: Lane, manager: EntityManager): Promise<void> {
    const chain = await manager.findOne(AuditChain, {
      where: { id: lane.chainId },
      select: { id: true, lastSeq: true },
    });
    const last = await manager.findOne(AuditEntry, {
      where: { chainId: lane.chainId },
      order: { seq: 'DESC' },
      select: { id: true, seq: true, hash: true },
    });
    lane.head = last ? { seq: last.seq, hash: last.hash } : lane.genesis;
    lane.pending = null;
    lane.checkpointed = chain?.lastSeq ?? 0;
    lane.state = chain ? 'ready' : 'unsaved';
  }

  private async notify(entries: AuditEntry[]): Promise<void> {
    for (const listener of this.listeners) {
      for (const entry of entries) {
        try {
          await listener(entry);
        } catch (error) {
          this.logger.error(
            { err: { type: (error as Error).name }, action: entry.action },
            'audit listener failed',
          );
        }
      }
    }
  }
}
