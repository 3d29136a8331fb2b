import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-actions';
import type { RequestContext } from '../auth/request-context';
import { notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { categoryOf, type SearchableField } from '../pd/fields';
import { Category, Operation } from '../pd/vocabulary';
import type { SubjectChangesDto } from './subject-fields.dto';
import { toRecord } from './subject-record';
import { type LoadedSubject, SubjectStandings } from './subject-standings';
import { SubjectsService } from './subjects.service';
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
    private readonly standings: SubjectStandings,
    private readonly consents: ConsentsService,
  ) {}

  async read(id: string, stated: StatedPurpose, ctx: RequestContext): Promise<StaffSubjectView> {
    const consent = this.consents.givenAlongside([ConsentPurpose.PD_PROCESSING]);
    const loading = this.standings.load(id, consent);
    return this.access.read(
      ctx,
      {
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
      },
      async (admitted) => {
        const loaded = await loading;
        if (!loaded) throw notFound('Subject');
        const record = this.standings.openLoaded(loaded, admitted.categories);
        return this.view(loaded, projectRecord(record, admitted.categories));
      },
    );
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
    const id = await this.access.read(
      ctx,
      {
        categories: [categoryOf(field)],
        operation: Operation.READ,
        purpose: stated.purpose,
        reason: stated.reason,
        action: AuditAction.SUBJECT_SEARCH,
        requireAll: true,
      },
      async (admitted) => {
        const found = await this.subjects.findIdBy(field, query[field]!);
        admitted.describe({ subjectId: found, fields: [field] });
        return found;
      },
    );
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
    await this.access.touch(
      ctx,
      {
        subjectId: id,
        categories: [...categories],
        operation: Operation.UPDATE,
        purpose: stated.purpose,
        reason: stated.reason,
        action: AuditAction.SUBJECT_UPDATE,
        requireAll: true,
      },
      async (admitted, tx) => {
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
        admitted.describe({ fields });
      },
    );
    // The answer shows what the caller may READ, not what it may UPDATE (P10, P11.1).
    const loaded = await this.standings.load(id);
    if (!loaded) throw notFound('Subject');
    const shown = await this.projection.project(
      ctx,
      {
        subjectId: id,
        purpose: stated.purpose!,
        reason: stated.reason,
        action: AuditAction.SUBJECT_READ,
      },
      this.standings.openLoaded(loaded, RECORD_CATEGORIES),
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
