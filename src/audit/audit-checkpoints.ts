import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { checkpointSignature } from './audit-hash';
import type { Lane } from './audit-lanes';
import { dbTime, rowsChanged, storedCheckpoint } from './audit-rows';
import { AuditTrail } from './audit-trail';
import { OrphanLanes } from './orphan-lanes';

const HEARTBEAT_SQL =
  'UPDATE audit_chains SET lastSeq = ?, lastHash = ?, checkpointedAt = ?, signature = ? WHERE id = ? AND sealedAt IS NULL AND lastSeq <= ?';

/**
 * Truncation guard and heartbeat. A hash chain cannot show that entries were cut off its
 * end, so the owning process signs each lane's head (seq, hash, time) into `audit_chains`
 * every AUDIT_CHECKPOINT_SECONDS when the lane moved, and at least every third of
 * AUDIT_ORPHAN_SECONDS when it did not: that heartbeat is how the other instances tell a
 * live lane from an orphan (OrphanLanes). Entries newer than the last checkpoint are
 * covered only once it moves: that window is the price of not writing it on every append,
 * and a crash cannot stretch it past AUDIT_ORPHAN_SECONDS, since another instance seals
 * the lane at its head then.
 *
 * A serving instance registers its lanes at start (before its first request) and closes
 * them at shutdown; a CLI run does neither, and keeps no timer: it opens a lane only if
 * it records, and closes it as it exits.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<number> | null = null;
  private ticking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger(AuditCheckpoints.name);

  constructor(
    private readonly trail: AuditTrail,
    private readonly orphans: OrphanLanes,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly http: HttpAdapterHost,
  ) {}

  /** The period comes from the configuration, so the interval is registered here, not by @Interval. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.http.httpAdapter) return;
    await this.trail.openLanes().catch((error: unknown) => this.failed('open', error));
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = null));
    }, this.config.audit.checkpointSeconds * 1000);
    this.scheduler.addInterval('audit.checkpoint', this.timer);
  }

  /** The last checkpoints, once in-flight requests are done (see AuditCheckpointsModule). */
  async onApplicationShutdown(): Promise<void> {
    // The scheduler may have dropped its registry already; the timer is ours to stop.
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.trail.settled();
    await this.ticking;
    await this.running;
    await this.trail.closeLanes();
  }

  /** One round: heartbeat, seal orphans, replace sealed lanes. */
  async tick(): Promise<void> {
    await this.checkpoint();
    await this.orphans.seal().catch((error: unknown) => this.failed('seal', error));
    if (this.trail.lanes.all().some((lane) => lane.sealed || lane.state === 'unsaved'))
      await this.trail.openLanes().catch((error: unknown) => this.failed('open', error));
  }

  /** Signs the head of each of this process's lanes that moved or is due a heartbeat; resolves with how many. */
  checkpoint(): Promise<number> {
    this.running ??= this.saveDue().finally(() => (this.running = null));
    return this.running;
  }

  private async saveDue(): Promise<number> {
    const now = this.clock.now();
    const heartbeatMs = (this.config.audit.orphanSeconds * 1000) / 3;
    const due = this.trail.lanes
      .all()
      .filter(
        (lane) =>
          lane.state !== 'unsaved' &&
          !lane.sealed &&
          !lane.opening &&
          (lane.head.seq > lane.checkpointed || now.getTime() - lane.checkpointedAt >= heartbeatMs),
      );
    if (due.length === 0) return 0;
    try {
      // One transaction, so an idle instance commits once per round, not once per lane.
      const saved = await this.transactions.run(async (tx) => {
        const done: Array<{ lane: Lane; seq: number }> = [];
        for (const lane of due) {
          const saved = await this.save(lane, now, tx.manager);
          if (saved) done.push(saved);
        }
        return done;
      });
      for (const { lane, seq } of saved) {
        lane.checkpointed = Math.max(lane.checkpointed, seq);
        lane.checkpointedAt = now.getTime();
      }
      return saved.length;
    } catch (error) {
      this.failed('checkpoint', error);
      return 0;
    }
  }

  /** Writes one signed checkpoint; a lane found sealed or gone is marked for replacement. */
  private async save(
    lane: Lane,
    at: Date,
    manager: Parameters<typeof rowsChanged>[0],
  ): Promise<{ lane: Lane; seq: number } | null> {
    const head = lane.head;
    const signature = checkpointSignature(this.config.keys.auditKey, {
      id: lane.chainId,
      lastSeq: head.seq,
      lastHash: head.hash,
      checkpointedAt: at,
      sealedAt: null,
    });
    const changed = await rowsChanged(manager, HEARTBEAT_SQL, [
      head.seq,
      head.hash,
      dbTime(manager, at),
      signature,
      lane.chainId,
      head.seq,
    ]);
    if (changed === 1) return { lane, seq: head.seq };
    const row = await storedCheckpoint(manager, lane.chainId, 'share');
    if (!row || row.sealedAt) {
      // Sealed while this instance was paused, or deleted: either way, entries go elsewhere.
      if (!row) this.logger.error({ chainId: lane.chainId }, 'audit lane checkpoint row missing');
      else this.logger.warn({ chainId: lane.chainId }, 'audit lane was sealed; opening a new one');
      lane.sealed = true;
    }
    return null;
  }

  private failed(what: string, error: unknown): void {
    this.logger.error({ err: { type: (error as Error).name } }, `audit ${what} failed`);
  }
}
