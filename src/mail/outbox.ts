import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { paginate } from '../common/pagination';
import { type Tx, Transactions } from '../database/transactions';
import type { OutboxListQuery, OutboxMessageView, OutboxPage } from './outbox.dto';
import { OutboxMessage } from './outbox-message.entity';
import type { OutboxEntry } from './renderers';
import { type MailKind, OUTBOX_STATUSES, OutboxStatus } from './vocabulary';

/** Rows per INSERT: well under SQLite's bound-parameter limit, and few round trips. */
const INSERT_BATCH = 500;

export interface NewMessage {
  kind: MailKind;
  subjectId: string;
  reference: string;
}

export interface PendingCursor {
  createdAt: Date;
  id: string;
}

export type PendingEntry = OutboxEntry & PendingCursor & { status: OutboxStatus; attempts: number };

export interface Claim {
  token: string;
  until: Date;
}

/**
 * The email outbox table. Messages are written inside the transaction of the change they
 * announce, so a change is never committed without its mail, nor mail queued for a
 * change that rolled back. Only this module touches the table; the worker claims rows
 * with conditional updates, so any number of instances can drain it together.
 */
@Injectable()
export class Outbox {
  constructor(
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Queues messages in the caller's transaction, in multi-row inserts. */
  async enqueue(messages: readonly NewMessage[], tx: Tx): Promise<number> {
    const now = this.clock.now();
    for (let start = 0; start < messages.length; start += INSERT_BATCH) {
      const rows = messages.slice(start, start + INSERT_BATCH).map((message): OutboxMessage => ({
        id: randomUUID(),
        ...message,
        status: OutboxStatus.PENDING,
        attempts: 0,
        nextAttemptAt: now,
        claimToken: null,
        claimedUntil: null,
        lastError: null,
        createdAt: now,
        sentAt: null,
      }));
      await tx.manager.insert(OutboxMessage, rows);
    }
    return messages.length;
  }

  async list(query: OutboxListQuery): Promise<OutboxPage> {
    const filter = (alias: string, byStatus: boolean) => {
      const builder = this.messages.createQueryBuilder(alias);
      if (byStatus && query.status)
        builder.andWhere(`${alias}.status = :status`, { status: query.status });
      if (query.kind) builder.andWhere(`${alias}.kind = :kind`, { kind: query.kind });
      if (query.reference)
        builder.andWhere(`${alias}.reference = :reference`, { reference: query.reference });
      return builder;
    };
    const [page, counts] = await Promise.all([
      paginate(filter('message', true), query),
      filter('message', false)
        .select('message.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .groupBy('message.status')
        .getRawMany<{ status: OutboxStatus; n: string | number }>(),
    ]);
    const totals = Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, 0])) as Record<
      OutboxStatus,
      number
    >;
    for (const row of counts) totals[row.status] = Number(row.n);
    return { items: page.items.map(view), nextCursor: page.nextCursor, counts: totals };
  }

  /** Messages not yet delivered, oldest first, a page at a time (keyset on createdAt, id). */
  async pending(after: PendingCursor | null, limit: number): Promise<PendingEntry[]> {
    const builder = this.messages
      .createQueryBuilder('message')
      .where('message.status IN (:...statuses)', {
        statuses: [OutboxStatus.PENDING, OutboxStatus.SENDING],
      })
      .orderBy('message.createdAt', 'ASC')
      .addOrderBy('message.id', 'ASC')
      .take(limit);
    if (after) {
      builder.andWhere(
        '(message.createdAt > :at OR (message.createdAt = :at AND message.id > :id))',
        { at: after.createdAt, id: after.id },
      );
    }
    return (await builder.getMany()).map((row) => ({
      ...entry(row),
      status: row.status,
      attempts: row.attempts,
      createdAt: row.createdAt,
    }));
  }

  /** Due messages: PENDING whose time has come, or SENDING whose claim has lapsed. */
  async due(limit: number): Promise<Array<OutboxEntry & { attempts: number }>> {
    const now = this.clock.now();
    const rows = await this.messages.find({
      select: { id: true, kind: true, subjectId: true, reference: true, attempts: true },
      where: [
        { status: OutboxStatus.PENDING, nextAttemptAt: LessThanOrEqual(now) },
        { status: OutboxStatus.SENDING, claimedUntil: LessThanOrEqual(now) },
      ],
      order: { nextAttemptAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => ({ ...entry(row), attempts: row.attempts }));
  }

  /**
   * Takes one message for this worker: a single conditional UPDATE that succeeds for
   * exactly one claimant, because it only matches while the message is still due, its
   * lease has lapsed and no one has counted another attempt since `seenAttempts`.
   */
  async claim(
    id: string,
    seenAttempts: number,
    maxAttempts: number,
    claim: Claim,
  ): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.transactions.write((db) =>
      db
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({
          status: OutboxStatus.SENDING,
          claimToken: claim.token,
          claimedUntil: claim.until,
          attempts: () => 'attempts + 1',
        })
        .where('id = :id AND attempts = :seenAttempts AND attempts < :maxAttempts', {
          id,
          seenAttempts,
          maxAttempts,
        })
        .andWhere(
          '((status = :pending AND nextAttemptAt <= :now) OR (status = :sending AND claimedUntil <= :now))',
          { pending: OutboxStatus.PENDING, sending: OutboxStatus.SENDING, now },
        )
        .execute(),
    );
    return result.affected === 1;
  }

  /** The SMTP server accepted it. Only the holder of the claim may say so. */
  sent(id: string, token: string): Promise<boolean> {
    return this.settle(id, token, {
      status: OutboxStatus.SENT,
      sentAt: this.clock.now(),
      lastError: null,
    });
  }

  /** Back to PENDING until `retryAt`, or FAILED when `retryAt` is null. */
  failed(id: string, token: string, code: string, retryAt: Date | null): Promise<boolean> {
    return this.settle(
      id,
      token,
      retryAt
        ? { status: OutboxStatus.PENDING, nextAttemptAt: retryAt, lastError: code }
        : { status: OutboxStatus.FAILED, lastError: code },
    );
  }

  skipped(id: string, token: string, reason: string): Promise<boolean> {
    return this.settle(id, token, { status: OutboxStatus.SKIPPED, lastError: reason });
  }

  /** Claims that lapsed on the last allowed attempt (the worker died mid-send): given up. */
  async abandonLapsed(maxAttempts: number): Promise<void> {
    const now = this.clock.now();
    await this.transactions.write((db) =>
      db
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({
          status: OutboxStatus.FAILED,
          lastError: 'CLAIM_LAPSED',
          claimToken: null,
          claimedUntil: null,
        })
        .where('status = :sending AND claimedUntil <= :now AND attempts >= :maxAttempts', {
          sending: OutboxStatus.SENDING,
          now,
          maxAttempts,
        })
        .execute(),
    );
  }

  private async settle(
    id: string,
    token: string,
    changes: Partial<OutboxMessage>,
  ): Promise<boolean> {
    const result = await this.transactions.write((db) =>
      db.update(
        OutboxMessage,
        { id, claimToken: token },
        { ...changes, claimToken: null, claimedUntil: null },
      ),
    );
    return result.affected === 1;
  }
}

function entry(row: OutboxMessage): OutboxEntry {
  return { id: row.id, kind: row.kind, subjectId: row.subjectId, reference: row.reference };
}

function view(row: OutboxMessage): OutboxMessageView {
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    reference: row.reference,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
