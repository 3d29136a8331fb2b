import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction } from '../audit/audit-actions';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { type Page, type PageQuery, paginate } from '../common/pagination';
import { ConsentsService } from '../consents/consents.service';
import { ConsentPurpose } from '../consents/vocabulary';
import type { Tx } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { PD_FIELDS } from '../pd/fields';
import { Operation } from '../pd/vocabulary';
import type { StatedPurpose } from '../access/access-purpose.decorator';
import { PdAccess } from '../access/pd-access';
import { SubjectStandings } from '../subjects/subject-standings';
import { legalDay } from './legal-day';
import { ThirdPartiesService } from './third-parties.service';
import { Transfer } from './transfer.entity';
import { type Refusal, refusalOf, TRANSFER_REFUSALS, type TransferAsk } from './transfer-rules';
import type {
  SubjectTransferView,
  TransferCheckQuery,
  TransferCheckView,
  TransferDto,
  TransferListQuery,
  TransferView,
} from './transfers.dto';
import { LegalBasis } from './vocabulary';

const CONSENTS = [ConsentPurpose.PD_PROCESSING, ConsentPurpose.CROSS_BORDER_TRANSFER] as const;

type Question = Pick<TransferDto, 'subjectId' | 'thirdPartyId' | 'categories' | 'legalBasis'> & {
  verification?: unknown;
};

/**
 * Transfers of a subject's PD to third parties (P5, P8, P13, P14, P15.1). Each is checked
 * against the registry, the subject's standing and consents, and its legal basis before
 * it is recorded (transfer-rules.ts); a refusal records nothing but a DENIED audit entry.
 * The check reads everything in two statements sent together: the party with its
 * state's decision, and the subject's standing with both consents alongside.
 */
@Injectable()
export class TransfersService {
  constructor(
    @InjectRepository(Transfer) private readonly transfers: Repository<Transfer>,
    private readonly parties: ThirdPartiesService,
    private readonly standings: SubjectStandings,
    private readonly consents: ConsentsService,
    private readonly access: PdAccess,
    private readonly clock: Clock,
  ) {}

  /** The Billing asks before it sends: the same rules, nothing recorded. */
  async check(query: TransferCheckQuery): Promise<TransferCheckView> {
    const refusal = await this.refusal(query);
    if (refusal) return { allowed: false, code: refusal.code, reason: refusal.reason };
    return {
      allowed: true,
      reason:
        query.legalBasis === LegalBasis.LAW
          ? 'Allowed on basis LAW; the transfer must name the provision (lawReference)'
          : `Allowed on basis ${query.legalBasis}`,
    };
  }

  /**
   * Records a transfer that passes every rule, with its audit entry, in one transaction;
   * with `verification` (a VERIFIER only) it also sets the subject's verification status
   * (P5). A refusal rolls everything back and leaves only the DENIED entry.
   */
  async record(
    dto: TransferDto,
    stated: StatedPurpose,
    ctx: RequestContext,
  ): Promise<TransferView> {
    assertLawReference(dto);
    if (dto.verification) assertFieldsInCategories(dto);
    if (stated.purpose !== null && stated.purpose !== dto.purpose) {
      throw validationFailed([
        { field: 'purpose', constraints: ['purpose must match the X-Access-Purpose header'] },
      ]);
    }
    // Staff and service clients send PD only under the access rule (DESIGN.md, P9–P11):
    // an order (staff, with the pledge signed) or a client grant from a compliance officer
    // in force covering EXPORT of every category for the purpose. The body's `purpose` is
    // the purpose stated; X-Access-Reason is kept as the ticket. The transfer rules (P13,
    // P14) are the work's own refusals, recorded as the touch's DENIED entry.
    return this.access.touch(
      ctx,
      {
        subjectId: dto.subjectId,
        categories: dto.categories,
        operation: Operation.EXPORT,
        purpose: dto.purpose,
        reason: stated.reason ?? basisText(dto),
        action: AuditAction.PD_TRANSFER,
        targetId: dto.thirdPartyId,
        requireAll: true,
        consentByLegalBasis: true,
        refusals: TRANSFER_REFUSALS,
      },
      async (admitted, tx) => {
        const refusal = await this.refusal(dto, tx);
        if (refusal) throw new AppError(refusal.code, refusal.reason);
        const transfer: Transfer = {
          id: randomUUID(),
          subjectId: dto.subjectId,
          thirdPartyId: dto.thirdPartyId,
          categories: dto.categories,
          purpose: dto.purpose,
          legalBasis: dto.legalBasis,
          lawReference: dto.lawReference ?? null,
          verificationResult: dto.verification?.result ?? null,
          fieldsChecked: dto.verification?.fieldsChecked ?? null,
          actorKind: ctx.principal.kind,
          actorId: ctx.principal.id,
          requestId: ctx.requestId.slice(0, 64),
          at: this.clock.now(),
        };
        // A copy: on MySQL the insert leaves simple-json properties of its argument serialised.
        await tx.manager.insert(Transfer, { ...transfer });
        if (dto.verification) {
          await this.standings.recordVerification(dto.subjectId, dto.verification.result, tx);
          admitted.alsoRecord({
            action: AuditAction.SUBJECT_VERIFICATION,
            fields: dto.verification.fieldsChecked,
            reason: dto.verification.result,
          });
        }
        return (await this.withNames([transfer]))[0];
      },
    );
  }

  /** Staff: a subject's or a third party's transfers, newest first. */
  async list(query: TransferListQuery): Promise<Page<TransferView>> {
    if (!query.subjectId && !query.thirdPartyId) {
      throw validationFailed([
        { field: 'subjectId', constraints: ['give subjectId, thirdPartyId or both'] },
      ]);
    }
    const builder = this.transfers.createQueryBuilder('transfer');
    if (query.subjectId)
      builder.andWhere('transfer.subjectId = :subjectId', { subjectId: query.subjectId });
    if (query.thirdPartyId)
      builder.andWhere('transfer.thirdPartyId = :thirdPartyId', {
        thirdPartyId: query.thirdPartyId,
      });
    const page = await paginate(builder, query, 'at');
    return { items: await this.withNames(page.items), nextCursor: page.nextCursor };
  }

  /** The subject's own transfers in the personal cabinet (P15.1), newest first. */
  async mine(subjectId: string, query: PageQuery): Promise<Page<SubjectTransferView>> {
    const builder = this.transfers
      .createQueryBuilder('transfer')
      .where('transfer.subjectId = :subjectId', { subjectId });
    const page = await paginate(builder, query, 'at');
    return { items: await this.forSubjectView(page.items), nextCursor: page.nextCursor };
  }

  /** Every transfer of the subject's PD, oldest first: what the data-subject report lists (P15.1). */
  async forSubject(subjectId: string): Promise<SubjectTransferView[]> {
    const rows = await this.transfers.find({
      where: { subjectId },
      order: { at: 'ASC', id: 'ASC' },
    });
    return this.forSubjectView(rows);
  }

  private async refusal(question: Question, tx?: Tx): Promise<Refusal | null> {
    const consents = this.consents.givenAlongside(CONSENTS);
    const facts = this.parties.factsAlongside(question.thirdPartyId);
    // One statement: the subject's standing, both consents and the party's facts.
    const found = await this.standings.standingWith(
      question.subjectId,
      {
        columns: `${consents.columns}, ${facts.columns}`,
        params: [...consents.params, ...facts.params],
      },
      tx,
    );
    if (!found || found.standing.depersonalized)
      throw new AppError('NOT_FOUND', 'Subject not found');
    const party = facts.read(found.alongside);
    if (!party) throw new AppError('NOT_FOUND', 'Third party not found');
    const given = consents.read(found.alongside);
    const ask: TransferAsk = {
      categories: question.categories,
      legalBasis: question.legalBasis,
      verification: question.verification !== undefined,
    };
    return refusalOf(
      party,
      {
        blocked: found.standing.blocked,
        processingConsent: given.PD_PROCESSING,
        crossBorderConsent: given.CROSS_BORDER_TRANSFER,
      },
      ask,
      legalDay(this.clock.now()),
    );
  }

  private async withNames(rows: Transfer[]): Promise<TransferView[]> {
    const names = await this.parties.names(rows.map((row) => row.thirdPartyId));
    return rows.map((row) => {
      const party = names.get(row.thirdPartyId);
      return {
        id: row.id,
        subjectId: row.subjectId,
        thirdParty: {
          id: row.thirdPartyId,
          name: party?.name ?? null,
          country: party?.country ?? null,
        },
        categories: row.categories,
        purpose: row.purpose,
        legalBasis: row.legalBasis,
        lawReference: row.lawReference,
        verification: row.verificationResult
          ? { result: row.verificationResult, fieldsChecked: row.fieldsChecked ?? [] }
          : null,
        recordedBy: { kind: row.actorKind, id: row.actorId },
        at: row.at.toISOString(),
      };
    });
  }

  private async forSubjectView(rows: Transfer[]): Promise<SubjectTransferView[]> {
    const names = await this.parties.names(rows.map((row) => row.thirdPartyId));
    return rows.map((row) => ({
      thirdParty: names.get(row.thirdPartyId)?.name ?? null,
      country: names.get(row.thirdPartyId)?.country ?? null,
      categories: row.categories,
      purpose: row.purpose,
      legalBasis: row.legalBasis,
      lawReference: row.lawReference,
      at: row.at.toISOString(),
    }));
  }
}

function assertLawReference(dto: TransferDto): void {
  if (dto.legalBasis !== LegalBasis.LAW && dto.lawReference != null) {
    throw validationFailed([
      { field: 'lawReference', constraints: ['lawReference is given only with basis LAW'] },
    ]);
  }
}

/** A verifier checks fields of the categories it was sent, no others. */
function assertFieldsInCategories(dto: TransferDto): void {
  const outside = (dto.verification?.fieldsChecked ?? []).filter(
    (field) => !dto.categories.includes(PD_FIELDS[field].category),
  );
  if (outside.length > 0) {
    throw validationFailed([
      {
        field: 'verification.fieldsChecked',
        constraints: [`fields outside the transferred categories: ${outside.join(', ')}`],
      },
    ]);
  }
}

/** The audit entry's reason: the legal basis, and the law when there is one (no PD). */
function basisText(dto: TransferDto): string {
  return dto.lawReference ? `${dto.legalBasis}: ${dto.lawReference}` : dto.legalBasis;
}
