import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { AuditChain } from './audit-chain.entity';
import type { Lane } from './audit-lanes';
import { AuditTrail } from './audit-trail';

/**
 * Truncation guard. A hash chain cannot show that entries were cut off its end, so the
 * owning process saves each chain's head (seq and hash) in `audit_chains` every
 * `AUDIT_CHECKPOINT_SECONDS` and at shutdown; AuditVerifier flags a chain that ends
 * before its checkpoint. Only chains that moved are written, so an idle instance writes
 * nothing. Entries newer than the last checkpoint are not covered: that window is the
 * price of not writing the checkpoint on every append.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<number> | null = null;
  private readonly logger = new Logger(AuditCheckpoints.name);

  constructor(
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /** The period comes from the configuration, so the interval is registered here, not by @Interval. */
  onApplicationBootstrap(): void {
    const every = this.config.audit.checkpointSeconds * 1000;
    this.scheduler.addInterval(
      'audit.checkpoint',
      setInterval(() => void this.checkpoint(), every),
    );
  }

  /** The last checkpoint, once in-flight requests are done (see AuditCheckpointsModule). */
  async onApplicationShutdown(): Promise<void> {
    await this.trail.settled();
    await this.checkpoint();
  }

  /** Saves the head of each of this process's chains that moved; resolves with how many. */
  checkpoint(): Promise<number> {
    this.running ??= this.saveMoved().finally(() => (this.running = null));
    return this.running;
  }

  private async saveMoved(): Promise<number> {
    const moved = this.trail.lanes
      .all()
      .filter((lane) => lane.state === 'ready' && lane.head.seq > lane.checkpointed);
    let saved = 0;
    for (const lane of moved) {
      try {
        await this.save(lane);
        saved++;
      } catch (error) {
        this.logger.error({ err: { type: (error as Error).name } }, 'audit checkpoint failed');
      }
    }
    return saved;
  }

  private async save(lane: Lane): Promise<void> {
    const head = lane.head;
    await this.transactions.write((db) =>
      db
        .createQueryBuilder()
        .update(AuditChain)
        .set({ lastSeq: head.seq, lastHash: head.hash, checkpointedAt: this.clock.now() })
        .where('id = :id AND lastSeq < :seq', { id: lane.chainId, seq: head.seq })
        .execute(),
    );
    lane.checkpointed = Math.max(lane.checkpointed, head.seq);
  }
}
