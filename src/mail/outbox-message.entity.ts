import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { MailKind, OutboxStatus } from './vocabulary';

/**
 * One email to send. It names what to say (kind + reference) and to whom (subjectId),
 * never the address, the name or the text: those are rendered when it is sent, so the
 * outbox holds no PD and a depersonalized subject's messages cannot leak anything.
 */
@Entity('outbox_messages')
@Index(['kind', 'reference', 'subjectId'], { unique: true })
@Index(['status', 'nextAttemptAt'])
@Index(['createdAt'])
export class OutboxMessage {
  /** Also the Message-ID's local part, so a receiver can drop a repeated delivery. */
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: MailKind;

  @RefColumn()
  subjectId!: string;

  /** What the message is about, for its renderer (a policy version id for POLICY_CHANGED). */
  @RefColumn()
  reference!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: OutboxStatus;

  /** Attempts started (counted at claim time, so a crash mid-send still counts). */
  @Column({ type: 'int' })
  attempts!: number;

  @TimeColumn()
  nextAttemptAt!: Date;

  /** Set by the worker that claimed it; only that worker may settle the message. */
  @RefColumn({ nullable: true })
  claimToken!: string | null;

  /** The claim's lease: after it, another worker may take the message over. */
  @TimeColumn({ nullable: true })
  claimedUntil!: Date | null;

  /** A code (`SMTP_451`, `ECONNECTION`, `NO_RECIPIENT`), never a server's text or an address. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  lastError!: string | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn({ nullable: true })
  sentAt!: Date | null;
}
