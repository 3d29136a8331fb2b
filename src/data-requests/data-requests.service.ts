import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditOutcome, AuditAction } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { WorkingDays } from '../calendar/working-days';
import { Clock } from '../common/clock';
import { paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import type { DataKey } from '../crypto/envelope';
import { Vault } from '../crypto/vault';
import { type Tx, Transactions } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { categoryOf, type PdField } from '../pd/fields';
import { type Category, Operation, Purpose } from '../pd/vocabulary';
import { PdAccess } from '../access/pd-access';
import { PdProjection } from '../access/pd-projection';
import { toRecord } from '../subjects/subject-record';
import { StaffService } from '../staff/staff.service';
import { Role } from '../staff/roles';
import { SubjectsService } from '../subjects/subjects.service';
import type {
  AssignDto,
  FileForSubjectDto,
  FileRequestDto,
  MyRequestPage,
  MyRequestsQuery,
  RejectDto,
  RequestListQuery,
  RequestPage,
  RequestView,
} from './data-requests.dto';
import { DataRequestStep } from './data-request-step.entity';
import { DataRequest } from './data-request.entity';
import { fullView, openBody, sealBody, summaryView } from './request-body';
import { type Move, RequestWorkflow } from './request-workflow';
import { RequestChannel, RequestStatus, RequestType } from './vocabulary';

/**
 * Data requests (P15): filed by the subject in the cabinet or by a compliance officer for
 * them, each with a legal deadline from the working-day calendar (3 working days to
 * inform, 1 to act, by default), listed, taken into review and rejected with a reason
 * the subject reads. Completion and its effects are RequestCompletion's.
 */
@Injectable()
export class DataRequestsService {
  constructor(
    @InjectRepository(DataRequest) private readonly requests: Repository<DataRequest>,
    @InjectRepository(DataRequestStep) private readonly steps: Repository<DataRequestStep>,
    private readonly subjects: SubjectsService,
    private readonly staff: StaffService,
    private readonly vault: Vault,
    private readonly workflow: RequestWorkflow,
    private readonly calendar: WorkingDays,
    private readonly audit: AuditTrail,
    private readonly access: PdAccess,
    private readonly projection: PdProjection,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async fileMine(dto: FileRequestDto, ctx: RequestContext): Promise<RequestView> {
    return this.view(await this.file(ctx.principal.id, RequestChannel.CABINET, dto, ctx));
  }

  async fileFor(dto: FileForSubjectDto, ctx: RequestContext): Promise<RequestView> {
    const { subjectId, channel, ...body } = dto;
    return this.staffView(await this.file(subjectId, channel, body, ctx), ctx);
  }

  async listMine(query: MyRequestsQuery, ctx: RequestContext): Promise<MyRequestPage> {
    const subjectId = ctx.principal.id;
    const builder = this.requests
      .createQueryBuilder('request')
      .where('request.subjectId = :subjectId', { subjectId });
    const [page, key] = await Promise.all([
      paginate(builder, query, 'filedAt'),
      this.vault.keyFor(subjectId),
    ]);
    const steps = await this.stepsOf(page.items.map((request) => request.id));
    const now = this.clock.now();
    return {
      items: page.items.map((request) => fullView(request, steps.get(request.id) ?? [], key, now)),
      nextCursor: page.nextCursor,
    };
  }

  async mine(id: string, ctx: RequestContext): Promise<RequestView> {
    const request = await this.requests.findOneBy({ id, subjectId: ctx.principal.id });
    if (!request) throw notFound('Request');
    return this.view(request);
  }

  /** Compliance officers' list: no PD, only where each request stands. */
  async list(query: RequestListQuery): Promise<RequestPage> {
    const builder = this.requests.createQueryBuilder('request');
    if (query.status) builder.andWhere('request.status = :status', { status: query.status });
    if (query.type) builder.andWhere('request.type = :type', { type: query.type });
    if (query.assignee)
      builder.andWhere('request.assigneeId = :assignee', { assignee: query.assignee });
    if (query.subjectId)
      builder.andWhere('request.subjectId = :subjectId', { subjectId: query.subjectId });
    const now = this.clock.now();
    if (query.overdue !== undefined) {
      const open = [RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW];
      builder.andWhere(
        query.overdue
          ? 'request.status IN (:...open) AND request.dueAt < :now'
          : '(request.status NOT IN (:...open) OR request.dueAt >= :now)',
        { open, now },
      );
    }
    const page = await paginate(builder, query, 'filedAt');
    return {
      items: page.items.map((request) => summaryView(request, now)),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * One request with what the subject wrote in it, for the officer handling it. Proposed
   * values are the subject's PD: reading them goes through the access rule (READ of their
   * categories for LEGAL_OBLIGATION, a blocked subject included); the entry is written
   * before the answer leaves.
   */
  async read(id: string, ctx: RequestContext): Promise<RequestView> {
    const request = await this.requests.findOneBy({ id });
    if (!request) throw notFound('Request');
    const view = await this.view(request);
    const categories = proposedCategories(view);
    const base = { targetId: request.id, subjectId: request.subjectId };
    if (categories.length === 0) {
      await this.audit.record({
        ...originOf(ctx),
        ...base,
        action: AuditAction.DATA_REQUEST_READ,
        outcome: AuditOutcome.ALLOWED,
      });
      return view;
    }
    return this.access.touch(
      ctx,
      {
        subjectId: request.subjectId,
        categories,
        operation: Operation.READ,
        purpose: Purpose.LEGAL_OBLIGATION,
        action: AuditAction.DATA_REQUEST_READ,
        targetId: request.id,
        requireAll: true,
        handlingRequest: true,
      },
      () => Promise.resolve(view),
    );
  }

  /** Takes a request into review, or hands one in review to another compliance officer. */
  async assign(id: string, dto: AssignDto, ctx: RequestContext): Promise<RequestView> {
    const assigneeId = dto.assigneeId ?? ctx.principal.id;
    if (!(await this.staff.hasRole(assigneeId, Role.COMPLIANCE_OFFICER))) {
      throw validationFailed([
        { field: 'assigneeId', constraints: ['assigneeId must be an active compliance officer'] },
      ]);
    }
    return this.step(
      id,
      { to: RequestStatus.IN_REVIEW, assigneeId },
      AuditAction.DATA_REQUEST_ASSIGN,
      ctx,
    );
  }

  async reject(id: string, dto: RejectDto, ctx: RequestContext): Promise<RequestView> {
    return this.step(
      id,
      { to: RequestStatus.REJECTED, note: dto.reason },
      AuditAction.DATA_REQUEST_REJECT,
      ctx,
    );
  }

  /** One workflow move and its audit entry, in one transaction. */
  private async step(
    id: string,
    move: Move,
    action: AuditAction,
    ctx: RequestContext,
  ): Promise<RequestView> {
    const request = await this.transactions.run(async (tx) => {
      const { request, key } = await this.load(id, tx);
      const moved = await this.workflow.move(request, move, key, ctx, tx);
      await this.audit.record(
        {
          ...originOf(ctx),
          action,
          outcome: AuditOutcome.ALLOWED,
          subjectId: request.subjectId,
          targetId: request.id,
        },
        tx,
      );
      return moved;
    });
    return this.staffView(request, ctx);
  }

  find(id: string): Promise<DataRequest | null> {
    return this.requests.findOneBy({ id });
  }

  /** The request and the subject's key, for a change in `tx`; NOT_FOUND once depersonalized. */
  async load(id: string, tx: Tx): Promise<{ request: DataRequest; key: DataKey }> {
    const request = await tx.manager.findOneBy(DataRequest, { id });
    const key = request && (await this.vault.keyFor(request.subjectId, tx));
    if (!request || !key) throw notFound('Request');
    return { request, key };
  }

  /**
   * A request as staff see it: what the subject proposed shows only as far as the officer
   * may READ it for LEGAL_OBLIGATION now (PdProjection), the rest named in `withheld`.
   */
  async staffView(request: DataRequest, ctx: RequestContext): Promise<RequestView> {
    const [steps, key] = await Promise.all([
      this.stepsOf([request.id]),
      this.vault.keyFor(request.subjectId),
    ]);
    const view = fullView(request, steps.get(request.id) ?? [], key, this.clock.now());
    const proposed = openBody(key, request)?.proposed;
    if (!proposed) return view;
    const shown = await this.projection.project(
      ctx,
      {
        subjectId: request.subjectId,
        purpose: Purpose.LEGAL_OBLIGATION,
        action: AuditAction.DATA_REQUEST_READ,
        targetId: request.id,
        handlingRequest: true,
      },
      toRecord(proposed).values,
    );
    return { ...view, proposed: shown.pd, withheld: shown.withheld };
  }

  /** The whole request as its subject sees it, everything they wrote included. */
  async view(request: DataRequest): Promise<RequestView> {
    const [steps, key] = await Promise.all([
      this.stepsOf([request.id]),
      this.vault.keyFor(request.subjectId),
    ]);
    return fullView(request, steps.get(request.id) ?? [], key, this.clock.now());
  }

  private async file(
    subjectId: string,
    channel: RequestChannel,
    dto: FileRequestDto,
    ctx: RequestContext,
  ): Promise<DataRequest> {
    assertBodyFits(dto);
    const standing = await this.subjects.standing(subjectId);
    if (!standing || standing.depersonalized) throw notFound('Subject');
    const now = this.clock.now();
    const days =
      dto.type === RequestType.INFORMATION
        ? this.config.dataRequests.informationDays
        : this.config.dataRequests.actionDays;
    return this.transactions.run(async (tx) => {
      const key = await this.vault.keyFor(subjectId, tx);
      if (!key) throw notFound('Subject');
      const id = randomUUID();
      const request: DataRequest = {
        id,
        subjectId,
        type: dto.type,
        status: RequestStatus.SUBMITTED,
        channel,
        filedByKind: ctx.principal.kind,
        filedById: ctx.principal.id,
        sealedBody: sealBody(key, id, {
          details: dto.details ?? null,
          proposed: dto.proposed ? { ...dto.proposed } : null,
          documents: (dto.documents ?? []).map(({ title, reference }) => ({ title, reference })),
        }),
        assigneeId: null,
        filedAt: now,
        dueAt: this.calendar.addWorkingDays(now, days),
        closedAt: null,
        version: 1,
        updatedAt: now,
      };
      await tx.manager.insert(DataRequest, request);
      await this.workflow.filed(request, key, ctx, tx);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.DATA_REQUEST_FILE,
          outcome: AuditOutcome.ALLOWED,
          subjectId,
          targetId: id,
        },
        tx,
      );
      return request;
    });
  }

  private async stepsOf(requestIds: string[]): Promise<Map<string, DataRequestStep[]>> {
    const byRequest = new Map<string, DataRequestStep[]>();
    if (requestIds.length === 0) return byRequest;
    const rows = await this.steps
      .createQueryBuilder('step')
      .where('step.requestId IN (:...requestIds)', { requestIds })
      .orderBy('step.at', 'ASC')
      .getMany();
    for (const row of rows)
      byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row]);
    return byRequest;
  }
}

function proposedCategories(view: RequestView): Category[] {
  if (!view.proposed) return [];
  const { idDocument, ...flat } = view.proposed;
  const fields = Object.keys(flat) as PdField[];
  if (idDocument) fields.push('idDocumentNumber');
  return [...new Set(fields.map(categoryOf))];
}

/** A rectification must say what to change; a blocking must state the breach (P15.5, P15.6). */
function assertBodyFits(dto: FileRequestDto): void {
  const failures = [];
  if (dto.type === RequestType.RECTIFICATION) {
    const proposed = Object.entries(dto.proposed ?? {}).filter(([, value]) => value !== undefined);
    if (proposed.length === 0)
      failures.push({
        field: 'proposed',
        constraints: ['proposed must name the values to change'],
      });
  } else if (dto.proposed !== undefined) {
    failures.push({
      field: 'proposed',
      constraints: ['proposed is for RECTIFICATION requests only'],
    });
  }
  if (dto.type === RequestType.BLOCKING && !dto.details) {
    failures.push({ field: 'details', constraints: ['details must state the breach (P15.6)'] });
  }
  if (failures.length > 0) throw validationFailed(failures);
}
