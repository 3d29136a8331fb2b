import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { nextAttemptAt } from './backoff';
import { describeSendFailure, Mailer, type SendFailure } from './mailer';
import { Outbox } from './outbox';
import { MailError, MailRenderers, type OutboxEntry, type Rendering } from './renderers';

/** How long a claim lasts. One attempt is cut off well before it (SEND_BUDGET_MS). */
export const CLAIM_LEASE_MS = 5 * 60_000;
const SEND_BUDGET_MS = CLAIM_LEASE_MS - 60_000;
/** Candidates read per query; claimed one by one, in random order to spread instances apart. */
const BATCH = 20;
/** Batches per tick at most, so a long queue does not hold shutdown back. */
const MAX_BATCHES_PER_TICK = 50;
/** How often lapsed last attempts are given up: a write, so not on every idle poll. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Delivers the outbox on every instance, every MAIL_POLL_MS. Exactly one instance sends
 * each message: a message is taken by a conditional UPDATE (Outbox.claim) that only one
 * claimant can win, and only the winner's claim token can settle it.
 *
 * The one window for a duplicate: the SMTP server has accepted the message but this
 * worker dies (or loses the database, or its send outlives the lease) before SENT is
 * written. The lease then lapses and another attempt sends it again, with the same
 * Message-ID `<outbox id@domain>`, which a receiving server or client can de-duplicate.
 * Closing it would need the SMTP server to take part in our transaction; none does.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  private current: Promise<number> | null = null;
  private stopping = false;
  private lastSweep = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly mailer: Mailer,
    private readonly renderers: MailRenderers,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly http: HttpAdapterHost,
  ) {}

  /**
   * The @Interval of MAIL_POLL_MS, registered at start because the period is configured;
   * a serving instance's only (a command-line run has no HTTP server and sends nothing).
   */
  onApplicationBootstrap(): void {
    if (!this.mailer.enabled || !this.http.httpAdapter) return;
    const timer = setInterval(() => void this.tick(), this.config.mail.pollMs);
    this.scheduler.addInterval('mail.outbox', timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.current;
  }

  /** One pass over the due messages; resolves with how many this instance settled. */
  tick(): Promise<number> {
    if (!this.mailer.enabled || this.stopping) return Promise.resolve(0);
    if (!this.current) {
      this.current = this.drain()
        .catch((error: unknown) => {
          this.logger.error({ err: { type: (error as Error).name } }, 'outbox pass failed');
          return 0;
        })
        .finally(() => (this.current = null));
    }
    return this.current;
  }

  private async drain(): Promise<number> {
    const { maxAttempts } = this.config.mail;
    const now = this.clock.now().getTime();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      await this.outbox.abandonLapsed(maxAttempts);
      this.lastSweep = now;
    }
    let settled = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK && !this.stopping; batch++) {
      const due = await this.outbox.due(BATCH);
      for (const entry of shuffle(due)) {
        if (this.stopping) break;
        if (await this.attempt(entry)) settled++;
      }
      if (due.length < BATCH) break;
    }
    return settled;
  }

  private async attempt(entry: OutboxEntry & { attempts: number }): Promise<boolean> {
    const { maxAttempts, retryBaseSeconds } = this.config.mail;
    const token = randomUUID();
    const until = new Date(this.clock.now().getTime() + CLAIM_LEASE_MS);
    if (!(await this.outbox.claim(entry.id, entry.attempts, maxAttempts, { token, until }))) {
      return false;
    }
    const attempts = entry.attempts + 1;
    const outcome = await this.deliver(entry);
    if (outcome === 'sent') {
      this.logger.debug({ outboxId: entry.id, kind: entry.kind, attempts }, 'mail sent');
      return this.outbox.sent(entry.id, token);
    }
    if ('skip' in outcome) return this.outbox.skipped(entry.id, token, outcome.skip);
    const retryAt =
      outcome.permanent || attempts >= maxAttempts
        ? null
        : nextAttemptAt(this.clock.now(), attempts, retryBaseSeconds);
    this.logger.warn(
      { outboxId: entry.id, kind: entry.kind, code: outcome.code, attempts, retrying: !!retryAt },
      'mail not delivered',
    );
    return this.outbox.failed(entry.id, token, outcome.code, retryAt);
  }

  private async deliver(entry: OutboxEntry): Promise<'sent' | { skip: string } | SendFailure> {
    let rendering: Rendering;
    try {
      rendering = await this.renderers.render(entry);
    } catch (error) {
      return { code: error instanceof MailError ? error.code : 'RENDER_FAILED', permanent: false };
    }
    if ('skip' in rendering) return rendering;
    try {
      await this.mailer.send(entry.id, rendering.mail, AbortSignal.timeout(SEND_BUDGET_MS));
      return 'sent';
    } catch (error) {
      return describeSendFailure(error);
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
