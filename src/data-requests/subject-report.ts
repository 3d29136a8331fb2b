import { Injectable } from '@nestjs/common';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditLog } from '../audit/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import type { AccessLogItem } from '../audit/audit.dto';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import type { Tx } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { categoryOf, type PdField, shown } from '../pd/fields';
import { CATEGORIES, type Category, Operation, PURPOSE_BASIS, PURPOSES } from '../pd/vocabulary';
import type { HeldMediumView } from '../media/media.dto';
import { MediaRegister } from '../media/media-register';
import { SubjectsService } from '../subjects/subjects.service';
import { VisitsService } from '../subjects/visits.service';
import type { SubjectTransferView } from '../third-parties/transfers.dto';
import { TransfersService } from '../third-parties/transfers.service';
import {
  type Bilingual,
  CATEGORY_TEXT,
  METHODS,
  PURPOSE_TEXT,
  retentionText,
  SOURCES,
} from './report-text';

/** Audit entries read per query for the access section: 2,000 takes 10,000 entries in 5 round trips (200 per page took 3x as long, bench/subject-report.ts). */
const ACCESS_PAGE = 2000;

export interface SubjectReport {
  subjectId: string;
  generatedAt: string;
  operator: { name: string; bin: string | null };
  /** P15.1: the Organization holds the subject's PD. */
  holdsPersonalData: boolean;
  purposes: Array<{ purpose: string; basis: 'CONSENT' | 'LAW'; description: Bilingual }>;
  sources: Bilingual[];
  methods: Bilingual[];
  /** P15.2, P15.3: per category, the values (cards masked) and the storage term. */
  personalData: Array<{
    category: Category;
    description: Bilingual;
    retention: Bilingual;
    fields: Array<{ field: PdField; value: string }>;
  }>;
  visits: { count: number; first: string | null; last: string | null };
  contract: { state: string; at: string } | null;
  blocked: boolean;
  /**
   * P17: when the PD will be depersonalized, once consent to processing was withdrawn
   * (the retention run does it then); null while consent stands.
   */
  depersonalizeAfter: string | null;
  /** P11.3: files that left the service with the subject's PD and are not destroyed yet. */
  media: HeldMediumView[];
  /** Third parties that received the PD, and when. */
  transfers: SubjectTransferView[];
  /** Who touched the PD, when, how and why (the audit trail), newest first. */
  accessLog: AccessLogItem[];
}

/**
 * The subject report (P15.1–P15.3): built from the registry, the audit trail and the
 * transfers provider each time it is asked for, so it is never stale and never stored.
 * Every production is itself audited (READ as JSON, EXPORT as a printable file).
 */
@Injectable()
export class SubjectReports {
  constructor(
    private readonly subjects: SubjectsService,
    private readonly visits: VisitsService,
    private readonly log: AuditLog,
    private readonly audit: AuditTrail,
    private readonly transfers: TransfersService,
    private readonly media: MediaRegister,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async forSubject(ctx: RequestContext, operation: Operation): Promise<SubjectReport> {
    const report = await this.build(ctx.principal.id);
    await this.audit.record({
      ...originOf(ctx),
      action: AuditAction.SUBJECT_REPORT,
      outcome: AuditOutcome.ALLOWED,
      subjectId: ctx.principal.id,
      categories: CATEGORIES,
      operation,
    });
    return report;
  }

  /** With `tx`, read inside that transaction (a report printed by staff under a PD touch). */
  async build(subjectId: string, tx?: Tx): Promise<SubjectReport> {
    const found = await this.subjects.read(subjectId, CATEGORIES);
    if (!found || found.subject.depersonalizedAt) throw notFound('Subject');
    const { subject, record } = found;
    const [visits, transfers, accessLog, media] = await Promise.all([
      this.visits.summaryOf(subjectId, tx),
      this.transfers.forSubject(subjectId),
      this.accessLog(subjectId),
      this.media.heldFor(subjectId, subject.createdAt, tx),
    ]);
    const { pdDays, visitDays } = this.config.retention;
    const byCategory = new Map<Category, Array<{ field: PdField; value: string }>>();
    for (const [field, value] of Object.entries(record) as Array<[PdField, string]>) {
      const category = categoryOf(field);
      byCategory.set(category, [
        ...(byCategory.get(category) ?? []),
        { field, value: shown(field, value) },
      ]);
    }
    return {
      subjectId,
      generatedAt: this.clock.now().toISOString(),
      operator: { name: this.config.operator.name, bin: this.config.operator.bin },
      holdsPersonalData: true,
      purposes: PURPOSES.map((purpose) => ({
        purpose,
        basis: PURPOSE_BASIS[purpose],
        description: PURPOSE_TEXT[purpose],
      })),
      sources: SOURCES,
      methods: METHODS,
      personalData: CATEGORIES.map((category) => ({
        category,
        description: CATEGORY_TEXT[category],
        retention: retentionText(category, pdDays, visitDays),
        fields: byCategory.get(category) ?? [],
      })),
      visits,
      contract: subject.contractState
        ? { state: subject.contractState, at: subject.contractStateAt!.toISOString() }
        : null,
      blocked: subject.blockedAt !== null,
      depersonalizeAfter: subject.depersonalizeAfter?.toISOString() ?? null,
      media,
      transfers,
      accessLog,
    };
  }

  private async accessLog(subjectId: string): Promise<AccessLogItem[]> {
    const items: AccessLogItem[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.log.accessLog(subjectId, { limit: ACCESS_PAGE, cursor });
      items.push(...page.items);
      if (!page.nextCursor) return items;
      cursor = page.nextCursor;
    }
  }
}
