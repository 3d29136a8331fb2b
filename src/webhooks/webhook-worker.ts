import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { nextAttemptAt } from '../mail/backoff';
import { sendEvent } from './webhook-sender';
import { WebhookOutbox, type DueDelivery } from './webhook-outbox';
import { WebhookSecrets } from './webhook-secrets';

/** A claim outlives one attempt (SEND_TIMEOUT_MS) by far. */
export const CLAIM_LEASE_MS = 60_000;
const BATCH = 20;
const MAX_BATCHES_PER_TICK = 50;
const SWEEP_EVERY_MS = 60_000;

/**
 * Delivers due webhook events on every instance, every WEBHOOK_POLL_MS. Each attempt is
 * claimed first (WebhookOutbox.claim), so of any number of instances exactly one makes
 * it. A failure waits WEBHOOK_RETRY_BASE_SECONDS, doubling, up to WEBHOOK_MAX_ATTEMPTS.
 * The one window for a repeat: the receiver answered 2xx but this instance died before
 * recording it; the event then comes again with the same `id`, for the receiver to drop.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookWorker.name);
  private current: Promise<number> | null = null;
  private stopping = false;
  private lastSweep = 0;

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly secrets: WebhookSecrets,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.tick(), this.config.webhooks.pollMs);
    this.scheduler.addInterval('webhooks.deliveries', timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.current;
  }

  /** One pass over the due deliveries; resolves with how many this instance attempted. */
  tick(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (!this.current) {
      this.current = this.drain()
        .catch((error: unknown) => {
          this.logger.error({ err: { type: (error as Error).name } }, 'webhook pass failed');
          return 0;
        })
        .finally(() => (this.current = null));
    }
    return this.current;
  }

  private async drain(): Promise<number> {
    const { maxAttempts } = this.config.webhooks;
    const now = this.clock.now().getTime();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      await this.outbox.abandonLapsed(maxAttempts);
      this.lastSweep = now;
    }
    let attempted = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK && !this.stopping; batch++) {
      const due = await this.outbox.due(BATCH);
      for (const row of due.sort(() => Math.random() - 0.5)) {
        if (this.stopping) break;
        if (await this.attempt(row)) attempted++;
      }
      if (due.length < BATCH) break;
    }
    return attempted;
  }

  private async attempt(row: DueDelivery): Promise<boolean> {
    const { maxAttempts, retryBaseSeconds, allowHttp, allowPrivate } = this.config.webhooks;
    const token = randomUUID();
    const until = new Date(this.clock.now().getTime() + CLAIM_LEASE_MS);
    const delivery = await this.outbox.claim(row, maxAttempts, token, until);
    if (!delivery) return false;
    const target = await this.secrets.endpointFor(delivery.endpointId);
    const outcome =
      'unavailable' in target
        ? { delivered: false as const, code: target.unavailable, statusCode: null }
        : await sendEvent(
            target.url,
            delivery.payload,
            target.secret,
            { allowHttp, allowPrivate },
            this.clock.now(),
          );
    if (outcome.delivered) {
      await this.outbox.delivered(delivery.id, token, outcome.statusCode);
      this.logger.debug(
        { deliveryId: delivery.id, eventType: delivery.eventType, attempts: delivery.attempts },
        'webhook delivered',
      );
      return true;
    }
    const retryAt =
      delivery.attempts >= maxAttempts
        ? null
        : nextAttemptAt(this.clock.now(), delivery.attempts, retryBaseSeconds);
    this.logger.warn(
      {
        deliveryId: delivery.id,
        code: outcome.code,
        attempts: delivery.attempts,
        retrying: !!retryAt,
      },
      'webhook not delivered',
    );
    await this.outbox.failed(delivery.id, token, outcome, retryAt);
    return true;
  }
}
