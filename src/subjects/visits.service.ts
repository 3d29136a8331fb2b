import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { type EntityManager, IsNull, LessThan } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf, SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { Category } from '../pd/vocabulary';
import { AppConfig } from '../config/app-config';
import { KeyedHash } from '../crypto/keyed-hash';
import { JobLocks } from '../database/job-locks';
import { Transactions, type Tx } from '../database/transactions';
import { validationFailed } from '../errors/validation';
import { Subject } from './subject.entity';
import type { RecordedView, VisitDto } from './subjects.dto';
import { Visit } from './visit.entity';

const DAY = 86_400_000;

/**
 * Visit data from the site (P4.1): stored with IP and cookie id as keyed hashes, linked to
 * a subject once known (earlier visits with the same cookie included), and deleted when
 * the retention term (VISIT_RETENTION_DAYS) ends.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly hash: KeyedHash,
    private readonly locks: JobLocks,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async record(dto: VisitDto, ctx: RequestContext): Promise<RecordedView> {
    const cookieHash = this.hash.digest('visit:cookie', dto.cookieId);
    const visit: Visit = {
      id: randomUUID(),
      visitedAt: new Date(dto.at),
      ipHash: this.hash.digest('visit:ip', dto.ip),
      cookieHash,
      userAgent: dto.userAgent,
      pageUrl: withoutQuery(dto.pageUrl),
      ispDomain: dto.ispDomain ?? null,
      subjectId: dto.subjectId ?? null,
      receivedAt: this.clock.now(),
    };
    await this.transactions.run(async (tx) => {
      const { manager } = tx;
      if (dto.subjectId) {
        const known = await manager.exists(Subject, {
          where: { id: dto.subjectId, depersonalizedAt: IsNull() },
        });
        if (!known)
          throw validationFailed([
            { field: 'subjectId', constraints: ['subjectId must be a registered subject'] },
          ]);
        await manager.update(
          Visit,
          { cookieHash, subjectId: IsNull() },
          { subjectId: dto.subjectId },
        );
      }
      await manager.insert(Visit, visit);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.VISIT_RECORD,
          outcome: AuditOutcome.ALLOWED,
          subjectId: visit.subjectId,
          targetId: visit.id,
          categories: [Category.TECHNICAL],
        },
        tx,
      );
    });
    return { id: visit.id };
  }

  /**
   * How many visits are linked to the subject, and the first and last (for their report);
   * with `tx`, read inside that transaction (a report built under a PD touch).
   */
  async summaryOf(
    subjectId: string,
    tx?: Tx,
  ): Promise<{ count: number; first: string | null; last: string | null }> {
    const summary = (db: EntityManager) =>
      db
        .createQueryBuilder(Visit, 'visit')
        .select('COUNT(*)', 'count')
        .addSelect('MIN(visit.visitedAt)', 'first')
        .addSelect('MAX(visit.visitedAt)', 'last')
        .where('visit.subjectId = :subjectId', { subjectId })
        .getRawOne<{ count: string | number; first: unknown; last: unknown }>();
    const row = await this.transactions.connectedWithin(tx, summary);
    const time = (value: unknown): string | null =>
      value === null || value === undefined ? null : toUtc(value).toISOString();
    return { count: Number(row?.count ?? 0), first: time(row?.first), last: time(row?.last) };
  }

  /** A destruction of PD by the system (P4.1, P17): one VISITS_PURGE entry when any went. */
  @Interval(DAY / 24)
  async purgeExpired(): Promise<void> {
    await this.locks.runExclusive('visits.purge', DAY / 48, async () => {
      const before = new Date(this.clock.now().getTime() - this.config.retention.visitDays * DAY);
      await this.transactions.run(async (tx) => {
        const { affected } = await tx.manager.delete(Visit, { visitedAt: LessThan(before) });
        if (!affected) return;
        await this.audit.record(
          {
            ...SYSTEM_ORIGIN,
            action: AuditAction.VISITS_PURGE,
            outcome: AuditOutcome.ALLOWED,
            categories: [Category.TECHNICAL],
            reason: `${affected} visits older than ${before.toISOString()} (VISIT_RETENTION_DAYS)`,
          },
          tx,
        );
      });
    });
  }
}

/** Raw aggregates come back as Date (mysql2) or as SQLite's UTC text without a zone. */
function toUtc(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
