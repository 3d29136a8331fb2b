import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { isDuplicateKey } from '../database/db-errors';
import { Transactions } from '../database/transactions';
import { ActorKind, AuditAction, AuditOutcome } from './audit-actions';
import { AuditChain } from './audit-chain.entity';
import { checkpointSignature, genesisHash, sameDigest } from './audit-hash';
import type { Head } from './audit-lanes';
import type { NewAuditEntry } from './audit-origin';
import {
  chainedRow,
  dbTime,
  insertRows,
  rowsChanged,
  type StoredCheckpoint,
  storedCheckpoint,
  storedHead,
} from './audit-rows';

/** The chain that lists every lane: a fixed id, so nobody can start a second one. */
export const REGISTRY_CHAIN_ID = '00000000-0000-0000-0000-000000000000';

export type LaneEnd = typeof AuditAction.AUDIT_LANE_CLOSE | typeof AuditAction.AUDIT_LANE_SEAL;
export const LANE_ENDS: readonly string[] = [
  AuditAction.AUDIT_LANE_CLOSE,
  AuditAction.AUDIT_LANE_SEAL,
];

const SYSTEM = {
  actorKind: ActorKind.SYSTEM,
  actorId: null,
  actorRoles: [],
  requestId: null,
  ip: null,
  outcome: AuditOutcome.ALLOWED,
} as const;

const SAVE_CHECKPOINT_SQL =
  'UPDATE audit_chains SET lastSeq = ?, lastHash = ?, checkpointedAt = ?, sealedAt = ?, signature = ? WHERE id = ?';

/**
 * The set of lanes, committed (DESIGN.md "The audit trail"). Every lane is opened by an
 * AUDIT_LANE_OPEN entry in one registry chain, and ended by an AUDIT_LANE_CLOSE (its
 * instance, at shutdown) or AUDIT_LANE_SEAL (another instance, once it went quiet) entry
 * written both as the lane's own last entry and in the registry, with the lane's
 * checkpoint signed as final. So a lane deleted with its checkpoint row is still listed;
 * a seal cannot be undone or a lane shortened past it; and an instance that was only
 * paused cannot append after the seal: its next entry would take the seal's place in the
 * lane (the (chainId, seq) key refuses it, on every node of a cluster too).
 *
 * Registry appends are serialised by a row lock on the registry's checkpoint row, taken
 * only when a lane opens or ends, never by an ordinary append. Lock order: a lane's row,
 * then the registry's. The registry's checkpoint moves with every registry entry, in the
 * same transaction, so its tail cannot be cut either. Before writing on top of a
 * checkpoint this refuses one that is unsigned or ahead of the chain: writing there
 * would sign over the damage.
 */
@Injectable()
export class LaneRegistry implements OnModuleInit {
  private readonly key: Buffer;
  private readonly logger = new Logger(LaneRegistry.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = config.keys.auditKey;
  }

  /** Creates the registry's checkpoint row on a trail that has never had one. */
  async onModuleInit(): Promise<void> {
    await this.transactions.write(async (manager) => {
      if (await storedCheckpoint(manager, REGISTRY_CHAIN_ID, 'share')) return;
      if (await storedHead(manager, REGISTRY_CHAIN_ID, 'share')) {
        // Never re-create it over surviving entries: that would hide a cut registry tail.
        this.logger.error('The audit lane registry has entries but no checkpoint row');
        return;
      }
      try {
        await manager.insert(
          AuditChain,
          this.checkpoint(REGISTRY_CHAIN_ID, this.genesis(REGISTRY_CHAIN_ID), null),
        );
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    });
  }

  /** Registers new lanes inside the caller's transaction: their rows and AUDIT_LANE_OPEN entries. */
  async open(chainIds: readonly string[], manager: EntityManager): Promise<void> {
    let head = await this.lockRegistry(manager);
    for (const chainId of chainIds) {
      head = await this.appendToRegistry(manager, head, {
        ...SYSTEM,
        action: AuditAction.AUDIT_LANE_OPEN,
        targetId: chainId,
      });
      await manager.insert(AuditChain, this.checkpoint(chainId, this.genesis(chainId), null));
    }
    await this.saveCheckpoint(manager, REGISTRY_CHAIN_ID, head, null);
  }

  /**
   * Ends a lane inside the caller's transaction at its head in the database; false when
   * it is already final, gone, or (for `quietBefore`) checkpointed since that moment.
   */
  async end(
    chainId: string,
    action: LaneEnd,
    manager: EntityManager,
    quietBefore?: Date,
  ): Promise<boolean> {
    const row = await storedCheckpoint(manager, chainId, 'update');
    if (!row || row.sealedAt) return false;
    if (quietBefore && row.checkpointedAt >= quietBefore) return false;
    const head = await this.trustedHead(manager, row);
    if (!head) return false;
    const reason = quietBefore ? `no checkpoint since ${row.checkpointedAt.toISOString()}` : null;
    const entry: NewAuditEntry = { ...SYSTEM, action, targetId: chainId, reason };
    const last = chainedRow(this.key, chainId, head, entry, this.clock.now());
    await insertRows(manager, [last]);
    await this.saveCheckpoint(manager, chainId, last, this.clock.now());
    const registry = await this.appendToRegistry(manager, await this.lockRegistry(manager), entry);
    await this.saveCheckpoint(manager, REGISTRY_CHAIN_ID, registry, null);
    return true;
  }

  /** Whether a stored checkpoint carries a valid signature. */
  signed(row: StoredCheckpoint | AuditChain): boolean {
    return sameDigest(row.signature, checkpointSignature(this.key, row));
  }

  genesis(chainId: string): Head {
    return { seq: 0, hash: genesisHash(this.key, chainId) };
  }

  /** The row of a checkpoint at `head` as of now; `sealedAt` makes it final. */
  checkpoint(chainId: string, head: Head, sealedAt: Date | null): AuditChain {
    const now = this.clock.now();
    const fields = {
      id: chainId,
      lastSeq: head.seq,
      lastHash: head.hash,
      checkpointedAt: now,
      sealedAt,
    };
    return { ...fields, createdAt: now, signature: checkpointSignature(this.key, fields) };
  }

  private async lockRegistry(manager: EntityManager): Promise<Head> {
    const row = await storedCheckpoint(manager, REGISTRY_CHAIN_ID, 'update');
    const head = row && (await this.trustedHead(manager, row));
    if (!head)
      throw new Error('The audit lane registry is damaged: no lane can be opened or ended');
    return head;
  }

  /**
   * The chain's head in the database, when its checkpoint is signed and the chain still
   * reaches it; null (logged) otherwise, so nothing is signed over a cut or a forgery.
   */
  private async trustedHead(manager: EntityManager, row: StoredCheckpoint): Promise<Head | null> {
    const head = (await storedHead(manager, row.id, 'update')) ?? this.genesis(row.id);
    if (this.signed(row) && head.seq >= row.lastSeq) return head;
    this.logger.error({ chainId: row.id }, 'audit chain checkpoint does not hold; left as found');
    return null;
  }

  private async appendToRegistry(
    manager: EntityManager,
    head: Head,
    entry: NewAuditEntry,
  ): Promise<Head> {
    const row = chainedRow(this.key, REGISTRY_CHAIN_ID, head, entry, this.clock.now());
    await insertRows(manager, [row]);
    return row;
  }

  private async saveCheckpoint(
    manager: EntityManager,
    chainId: string,
    head: Head,
    sealedAt: Date | null,
  ): Promise<void> {
    const row = this.checkpoint(chainId, head, sealedAt);
    await rowsChanged(manager, SAVE_CHECKPOINT_SQL, [
      row.lastSeq,
      row.lastHash,
      dbTime(manager, row.checkpointedAt),
      sealedAt && dbTime(manager, sealedAt),
      row.signature,
      chainId,
    ]);
  }
}
