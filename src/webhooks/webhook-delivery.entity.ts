import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { DeliveryStatus, WebhookEvent } from './vocabulary';

/**
 * One event for one endpoint: the webhook outbox. Written in the transaction of the
 * change it announces; taken by one instance at a time with a conditional UPDATE, like
 * the email outbox. The payload holds ids, codes and times only.
 */
@Entity('webhook_deliveries')
@Index(['endpointId', 'eventId'], { unique: true })
@Index(['status', 'nextAttemptAt'])
@Index(['endpointId', 'createdAt'])
export class WebhookDelivery {
  @IdColumn()
  id!: string;

  @RefColumn()
  endpointId!: string;

  /** The event's id, the same for every endpoint it went to: receivers de-duplicate on it. */
  @RefColumn()
  eventId!: string;

  @Column({ type: 'varchar', length: 40 })
  eventType!: WebhookEvent;

  /** The exact JSON text sent (and signed). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: DeliveryStatus;

  /** Attempts started (counted at claim time, so a crash mid-send still counts). */
  @Column({ type: 'int' })
  attempts!: number;

  @TimeColumn()
  nextAttemptAt!: Date;

  @RefColumn({ nullable: true })
  claimToken!: string | null;

  @TimeColumn({ nullable: true })
  claimedUntil!: Date | null;

  /** The receiver's HTTP status on the last attempt, when it answered. */
  @Column({ type: 'int', nullable: true, default: null })
  lastStatusCode!: number | null;

  /** A code (`HTTP_500`, `TIMEOUT`, `PRIVATE_ADDRESS`), never the receiver's text. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  lastError!: string | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn({ nullable: true })
  deliveredAt!: Date | null;
}
