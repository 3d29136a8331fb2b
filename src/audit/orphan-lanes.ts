import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { AuditAction } from './audit-actions';
import { dbTime } from './audit-rows';
import { AuditTrail } from './audit-trail';
import { LaneRegistry, REGISTRY_CHAIN_ID } from './lane-registry';

const QUIET_SQL =
  'SELECT id FROM audit_chains WHERE sealedAt IS NULL AND checkpointedAt < ? AND id <> ?';

/**
 * Crash cover. A lane whose instance died (kill -9, lost host) stops being checkpointed,
 * and the entries it wrote since its last checkpoint could be cut off unnoticed. Every
 * live instance therefore looks, each round, for lanes of others with no checkpoint for
 * AUDIT_ORPHAN_SECONDS, and seals each at its head in the database (AUDIT_LANE_SEAL,
 * LaneRegistry.end): from then on deleting any of its entries is detected. Two instances
 * racing for one lane are serialised by its row lock; the second finds it sealed. An
 * instance that was only paused finds its lane sealed when it comes back and goes on in
 * a new one, so nothing it writes lands past the seal.
 */
@Injectable()
export class OrphanLanes {
  private readonly logger = new Logger(OrphanLanes.name);

  constructor(
    private readonly trail: AuditTrail,
    private readonly registry: LaneRegistry,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Seals every lane of another instance that has gone quiet; resolves with how many. */
  async seal(): Promise<number> {
    const quietBefore = new Date(
      this.clock.now().getTime() - this.config.audit.orphanSeconds * 1000,
    );
    const own = new Set<string>(this.trail.lanes.all().map((lane) => lane.chainId));
    const quiet: Array<{ id: string }> = await this.transactions.connected((manager) =>
      manager.query(QUIET_SQL, [dbTime(manager, quietBefore), REGISTRY_CHAIN_ID]),
    );
    let sealed = 0;
    for (const { id } of quiet.filter((row) => !own.has(row.id))) {
      const done = await this.transactions.run((tx) =>
        this.registry.end(id, AuditAction.AUDIT_LANE_SEAL, tx.manager, quietBefore),
      );
      if (done) {
        sealed++;
        this.logger.warn({ chainId: id }, 'sealed an audit lane whose instance has gone quiet');
      }
    }
    return sealed;
  }
}
