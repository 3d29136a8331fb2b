import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-actions';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Transactions } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { categoryOf, type SearchableField } from '../pd/fields';
import { Category, Operation } from '../pd/vocabulary';
import type { SubjectChangesDto } from './subject-fields.dto';
import { toRecord } from './subject-record';
import { type LoadedSubject, SubjectsService } from './subjects.service';
import { ConsentsService } from '../consents/consents.service';
import { ConsentPurpose } from '../consents/vocabulary';
import { Channel } from './vocabulary';
import type { StatedPurpose } from '../access/access-purpose.decorator';
import { PdAccess } from '../access/pd-access';
import {
  PdProjection,
  type Projected,
  projectRecord,
  RECORD_CATEGORIES,
} from '../access/pd-projection';
import type { StaffSubjectView, SubjectSearchQuery, SubjectSearchView } from './subject-pd.dto';

const SEARCH_FIELDS: readonly SearchableField[] = ['email', 'phone', 'iin'];

/**
 * Staff and service clients on a subject's PD, every call through the access rule
 * (PdAccess) and into the audit trail before the answer leaves. Reads return only the
 * categories admitted for the stated purpose and name the rest in `withheld`.
 */
@Injectable()
export class SubjectPdService {
  constructor(
    private readonly access: PdAccess,
    private readonly projection: PdProjection,
    private readonly subjects: SubjectsService,
    private readonly consents: ConsentsService,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
  ) {}

  async read(id: string, stated: StatedPurpose, ctx: RequestContext): Promise<StaffSubjectView> {
    const consent = this.consents.givenAlongside([ConsentPurpose.PD_PROCESSING]);
    const loading = this.subjects.load(id, consent);
    const decision = await this.access.authorize(ctx, {
      facts: loading.then(
        (loaded) =>
          loaded && {
            standing: loaded.standing,
            consented: consent.read(loaded.alongside).PD_PROCESSING,
          },
      ),
      subjectId: id,
      categories: RECORD_CATEGORIES,
      operation: Operation.READ,
      purpose: stated.purpose,
      reason: stated.reason,
      action: AuditAction.SUBJECT_READ,
    });
    const loaded = await loading;
    if (!loaded) throw notFound('Subject');
    const record = this.subjects.openLoaded(loaded, decision.allowed);
    await this.trail.record(decision.entry());
    return this.view(loaded, projectRecord(record, decision.allowed));
  }

  /** Searching by a field needs READ on its category; the subject found is then read as by id. */
  async search(
    query: SubjectSearchQuery,
    stated: StatedPurpose,
    ctx: RequestContext,
  ): Promise<SubjectSearchView> {
    const given = SEARCH_FIELDS.filter((field) => query[field] !== undefined);
    if (given.length !== 1) {
      throw validationFailed([
        { field: 'query', constraints: ['give exactly one of email, phone, iin'] },
      ]);
    }
    const field = given[0];
    const decision = await this.access.authorize(ctx, {
      categories: [categoryOf(field)],
      operation: Operation.READ,
      purpose: stated.purpose,
      reason: stated.reason,
      action: AuditAction.SUBJECT_SEARCH,
      requireAll: true,
    });
    const id = await this.subjects.findIdBy(field, query[field]!);
    await this.trail.record(decision.entry({ subjectId: id, fields: [field] }));
    return { items: id ? [await this.read(id, stated, ctx)] : [] };
  }

  /** UPDATE on the category of every changed field; the change keeps its history (P6, P18). */
  async change(
    id: string,
    dto: SubjectChangesDto,
    stated: StatedPurpose,
    ctx: RequestContext,
  ): Promise<StaffSubjectView> {
    const { values, cleared } = toRecord(dto);
    const fields = [...Object.keys(values), ...cleared] as Array<keyof typeof values>;
    const categories = new Set(fields.map((field) => categoryOf(field)));
    if (dto.preferredLanguage !== undefined) categories.add(Category.CONTACT);
    if (categories.size === 0) {
      throw validationFailed([
        { field: 'body', constraints: ['name at least one field to change'] },
      ]);
    }
    const decision = await this.access.authorize(ctx, {
      subjectId: id,
      categories: [...categories],
      operation: Operation.UPDATE,
      purpose: stated.purpose,
      reason: stated.reason,
      action: AuditAction.SUBJECT_UPDATE,
      requireAll: true,
    });
    await this.transactions.run(async (tx) => {
      await this.subjects.change(
        id,
        dto,
        {
          kind: ctx.principal.kind,
          id: ctx.principal.id,
          channel: Channel.BACK_OFFICE,
          requestId: ctx.requestId,
        },
        tx,
      );
      await this.trail.record(decision.entry({ fields }), tx);
    });
    // The answer shows what the caller may READ, not what it may UPDATE (P10, P11.1).
    const loaded = await this.subjects.load(id);
    if (!loaded) throw notFound('Subject');
    const shown = await this.projection.project(
      ctx,
      {
        subjectId: id,
        purpose: stated.purpose!,
        reason: stated.reason,
        action: AuditAction.SUBJECT_READ,
      },
      this.subjects.openLoaded(loaded, RECORD_CATEGORIES),
    );
    return this.view(loaded, shown);
  }

  /** What the caller may see: the categories admitted, and the others named as withheld. */
  private view(loaded: LoadedSubject, { pd, withheld }: Projected): StaffSubjectView {
    return {
      id: loaded.id,
      pd,
      withheld,
      contractState: loaded.standing.contractState,
      blocked: loaded.standing.blocked,
      verificationStatus: loaded.standing.verificationStatus,
    };
  }
}
