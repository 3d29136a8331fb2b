import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { Clock } from '../common/clock';
import type { Page } from '../common/pagination';
import { JobLocks } from '../database/job-locks';
import { Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { CATEGORIES } from '../pd/vocabulary';
import { type RetentionMark, RetentionMarks } from '../subjects/retention-marks';
import { SubjectErasure } from '../subjects/subject-erasure';
import { DepersonalizationReason } from '../subjects/vocabulary';

const HOUR = 3_600_000;
/** Subjects read per query of the run; each is then depersonalized in its own transaction. */
const BATCH = 200;

export interface RetentionRunResult {
  /** Subjects due when the run started. */
  due: number;
  depersonalized: number;
  /** Claimed by another run meanwhile, or no longer due (consent given again). */
  skipped: number;
  /** Not depersonalized because of a failure (logged without PD); the next run tries again. */
  failed: number;
  dryRun: boolean;
}

export interface RetentionRunOptions {
  dryRun?: boolean;
  /** Called after each subject: how many were handled, of how many due. */
  onProgress?: (handled: number, due: number) => void;
}

/**
 * The retention term made real (P17): a subject who withdrew consent to processing is
 * depersonalized once `depersonalizeAfter` has passed, by the same erasure as a completed
 * DELETION request, with reason RETENTION_EXPIRED. Each subject is its own transaction
 * with its SUBJECT_DEPERSONALIZE entry (actor: the system), so a run cut short keeps
 * what it did and the next run carries on. The hourly schedule runs on one instance at
 * a time (job lock); the erasure's claim keeps a subject from being processed twice even
 * when a run by hand (`retention:run`) or an expired lease puts two runs side by side.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly marks: RetentionMarks,
    private readonly erasure: SubjectErasure,
    private readonly audit: AuditTrail,
    private readonly transactions: Transactions,
    private readonly locks: JobLocks,
    private readonly clock: Clock,
  ) {}

  /** What is due at or before `before`, soonest first. */
  due(before: Date, limit: number, cursor?: string): Promise<Page<RetentionMark>> {
    return this.marks.due(before, limit, cursor);
  }

  @Interval(HOUR)
  async scheduled(): Promise<void> {
    await this.locks.runExclusive('retention.run', HOUR, async () => {
      const result = await this.run();
      if (result.due > 0) this.logger.log({ ...result }, 'retention run');
    });
  }

  async run(options: RetentionRunOptions = {}): Promise<RetentionRunResult> {
    const now = this.clock.now();
    const result: RetentionRunResult = {
      due: await this.marks.countDue(now),
      depersonalized: 0,
      skipped: 0,
      failed: 0,
      dryRun: options.dryRun === true,
    };
    let cursor: string | undefined;
    let handled = 0;
    do {
      const page = await this.marks.due(now, BATCH, cursor);
      for (const mark of page.items) {
        if (!result.dryRun) await this.depersonalize(mark.subjectId, now, result);
        options.onProgress?.(++handled, Math.max(result.due, handled));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return result;
  }

  private async depersonalize(
    subjectId: string,
    dueBy: Date,
    result: RetentionRunResult,
  ): Promise<void> {
    try {
      await this.transactions.run(async (tx) => {
        const reason = DepersonalizationReason.RETENTION_EXPIRED;
        await this.erasure.depersonalize(subjectId, reason, tx, { dueBy });
        await this.audit.record(
          {
            ...SYSTEM_ORIGIN,
            action: AuditAction.SUBJECT_DEPERSONALIZE,
            outcome: AuditOutcome.ALLOWED,
            subjectId,
            categories: CATEGORIES,
            reason,
          },
          tx,
        );
      });
      result.depersonalized++;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') {
        result.skipped++;
        return;
      }
      result.failed++;
      this.logger.error(
        { subjectId, err: { type: (error as Error).name } },
        'retention: depersonalization failed',
      );
    }
  }
}
