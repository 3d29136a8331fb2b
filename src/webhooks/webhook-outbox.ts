import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock';
import { type Tx, Transactions } from '../database/transactions';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { DeliveryStatus, type EventData, type WebhookEvent } from './vocabulary';

export interface DueDelivery {
  id: string;
  endpointId: string;
  attempts: number;
}

/**
 * The webhook outbox (issue 14 §4): events are queued in the transaction of the change
 * that causes them, one row per subscribed endpoint, so no event is sent for a change
 * that rolled back and none is lost for one that committed. Rows are claimed by a
 * conditional UPDATE that only one instance (one node of a cluster) can win, and only
 * the claim's holder can settle them.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Queues `type` for every active endpoint subscribed to it, inside `tx`. */
  async emit(type: WebhookEvent, data: EventData, tx: Tx): Promise<void> {
    const endpoints = await tx.manager.find(WebhookEndpoint, {
      select: { id: true, events: true },
      where: { active: true },
    });
    const subscribed = endpoints.filter((endpoint) => endpoint.events.includes(type));
    if (subscribed.length === 0) return;
    const now = this.clock.now();
    const eventId = randomUUID();
    const payload = JSON.stringify({ id: eventId, type, createdAt: now.toISOString(), data });
    await tx.manager.insert(
      WebhookDelivery,
      subscribed.map((endpoint): WebhookDelivery => ({
        id: randomUUID(),
        endpointId: endpoint.id,
        eventId,
        eventType: type,
        payload,
        status: DeliveryStatus.PENDING,
        attempts: 0,
        nextAttemptAt: now,
        claimToken: null,
        claimedUntil: null,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        deliveredAt: null,
      })),
    );
  }

  /** PENDING rows whose time has come, and SENDING rows whose claim lapsed. */
  async due(limit: number): Promise<DueDelivery[]> {
    const now = this.clock.now();
    return this.transactions.write((db) =>
      db.find(WebhookDelivery, {
        select: { id: true, endpointId: true, attempts: true },
        where: [
          { status: DeliveryStatus.PENDING, nextAttemptAt: LessThanOrEqual(now) },
          { status: DeliveryStatus.SENDING, claimedUntil: LessThanOrEqual(now) },
        ],
        order: { nextAttemptAt: 'ASC' },
        take: limit,
      }),
    );
  }

  /** Takes the row for one attempt; true for exactly one claimant. */
  async claim(
    row: DueDelivery,
    maxAttempts: number,
    token: string,
    until: Date,
  ): Promise<WebhookDelivery | null> {
    const now = this.clock.now();
    const result = await this.transactions.write((db) =>
      db
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({
          status: DeliveryStatus.SENDING,
          claimToken: token,
          claimedUntil: until,
          attempts: () => 'attempts + 1',
        })
        .where('id = :id AND attempts = :seen AND attempts < :maxAttempts', {
          id: row.id,
          seen: row.attempts,
          maxAttempts,
        })
        .andWhere(
          '((status = :pending AND nextAttemptAt <= :now) OR (status = :sending AND claimedUntil <= :now))',
          { pending: DeliveryStatus.PENDING, sending: DeliveryStatus.SENDING, now },
        )
        .execute(),
    );
    if (result.affected !== 1) return null;
    return this.transactions.write((db) => db.findOneBy(WebhookDelivery, { id: row.id }));
  }

  delivered(id: string, token: string, statusCode: number): Promise<boolean> {
    return this.settle(id, token, {
      status: DeliveryStatus.DELIVERED,
      lastStatusCode: statusCode,
      lastError: null,
      deliveredAt: this.clock.now(),
    });
  }

  /** Back to PENDING until `retryAt`, or FAILED when `retryAt` is null. */
  failed(
    id: string,
    token: string,
    failure: { code: string; statusCode: number | null },
    retryAt: Date | null,
  ): Promise<boolean> {
    const common = { lastError: failure.code, lastStatusCode: failure.statusCode };
    return this.settle(
      id,
      token,
      retryAt
        ? { ...common, status: DeliveryStatus.PENDING, nextAttemptAt: retryAt }
        : { ...common, status: DeliveryStatus.FAILED },
    );
  }

  /** Claims that lapsed on the last allowed attempt (the instance died mid-send): given up. */
  async abandonLapsed(maxAttempts: number): Promise<void> {
    const now = this.clock.now();
    await this.transactions.write((db) =>
      db
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({ status: DeliveryStatus.FAILED, lastError: 'CLAIM_LAPSED', claimToken: null })
        .where('status = :sending AND claimedUntil <= :now AND attempts >= :maxAttempts', {
          sending: DeliveryStatus.SENDING,
          now,
          maxAttempts,
        })
        .execute(),
    );
  }

  private async settle(
    id: string,
    token: string,
    changes: Partial<WebhookDelivery>,
  ): Promise<boolean> {
    const result = await this.transactions.write((db) =>
      db.update(
        WebhookDelivery,
        { id, claimToken: token },
        { ...changes, claimToken: null, claimedUntil: null },
      ),
    );
    return result.affected === 1;
  }
}
