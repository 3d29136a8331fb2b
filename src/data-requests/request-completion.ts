import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-actions';
import type { RequestContext } from '../auth/request-context';
import type { DataKey } from '../crypto/envelope';
import { Vault } from '../crypto/vault';
import type { Tx } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { PdAccess, type TouchDetails } from '../access/pd-access';
import { categoryOf } from '../pd/fields';
import { CATEGORIES, type Category, Operation, Purpose } from '../pd/vocabulary';
import { SubjectErasure } from '../subjects/subject-erasure';
import { toRecord } from '../subjects/subject-record';
import { SubjectsService } from '../subjects/subjects.service';
import { Channel, ContractState, DepersonalizationReason } from '../subjects/vocabulary';
import type { CompleteDto, RequestView } from './data-requests.dto';
import { DataRequestsService } from './data-requests.service';
import type { DataRequest } from './data-request.entity';
import { openBody } from './request-body';
import { RequestWorkflow } from './request-workflow';
import { RequestStatus, RequestType } from './vocabulary';

/** What completing a request touches, for the access decision and the audit entry. */
interface Touch {
  subjectId: string;
  operation: Operation;
  categories: Category[];
}

/**
 * Completing a request carries out the right (P15): the effect, the COMPLETED step, its
 * email and the audit entries are one transaction, so a request is never completed
 * without its effect nor the effect applied without the request saying so.
 *
 * - INFORMATION: the report is the subject's at `GET /me/report` (JSON or PDF) from then
 *   on, as always; completing it tells them so.
 * - RECTIFICATION: the proposed values, through SubjectsService.change (same validation,
 *   same history, attributed to the officer over the DATA_REQUEST channel).
 * - BLOCKING / UNBLOCKING: SubjectsService.block / unblock.
 * - DELETION: refused with CONTRACT_OBLIGATIONS_OUTSTANDING while the contract is ACTIVE
 *   (P7), unless the officer confirms unlawful processing (P15.7); then SubjectErasure.
 */
@Injectable()
export class RequestCompletion {
  constructor(
    private readonly requests: DataRequestsService,
    private readonly subjects: SubjectsService,
    private readonly erasure: SubjectErasure,
    private readonly workflow: RequestWorkflow,
    private readonly vault: Vault,
    private readonly access: PdAccess,
  ) {}

  async complete(id: string, dto: CompleteDto, ctx: RequestContext): Promise<RequestView> {
    const touch = await this.touchOf(id, dto);
    // The officer's touch of the subject's PD, under the access rule; a refusal is
    // audited by PdAccess and ends here. A blocked subject stays reachable for this.
    const completed = await this.access.touch(
      ctx,
      {
        subjectId: touch.subjectId,
        categories: touch.categories,
        operation: touch.operation,
        purpose: Purpose.LEGAL_OBLIGATION,
        action: AuditAction.DATA_REQUEST_COMPLETE,
        targetId: id,
        requireAll: true,
        handlingRequest: true,
        refusals: ['CONTRACT_OBLIGATIONS_OUTSTANDING'],
      },
      async (admitted, tx) => {
        const { request, key } = await this.requests.load(id, tx);
        const moved = await this.workflow.move(
          request,
          { to: RequestStatus.COMPLETED, note: dto.note },
          key,
          ctx,
          tx,
        );
        const effect = await this.apply(request, key, dto, ctx, tx);
        if (effect) admitted.alsoRecord(effect);
        return moved;
      },
    );
    return this.requests.staffView(completed, ctx);
  }

  /** Carries out the right; answers the audit entry of the effect (none for INFORMATION). */
  private async apply(
    request: DataRequest,
    key: DataKey,
    dto: CompleteDto,
    ctx: RequestContext,
    tx: Tx,
  ): Promise<TouchDetails | null> {
    switch (request.type) {
      case RequestType.INFORMATION:
        return null;
      case RequestType.RECTIFICATION: {
        const proposed = openBody(key, request)?.proposed;
        if (!proposed) throw notFound('Request');
        await this.subjects.change(
          request.subjectId,
          proposed,
          {
            kind: 'staff',
            id: ctx.principal.id,
            channel: Channel.DATA_REQUEST,
            requestId: ctx.requestId,
          },
          tx,
        );
        const { values, cleared } = toRecord(proposed);
        return { action: AuditAction.SUBJECT_UPDATE, fields: [...Object.keys(values), ...cleared] };
      }
      case RequestType.BLOCKING:
        await this.subjects.block(request.subjectId, tx);
        return { action: AuditAction.SUBJECT_BLOCK };
      case RequestType.UNBLOCKING:
        await this.subjects.unblock(request.subjectId, tx);
        return { action: AuditAction.SUBJECT_UNBLOCK };
      case RequestType.DELETION: {
        const standing = await this.subjects.standing(request.subjectId, tx);
        if (standing?.contractState === ContractState.ACTIVE && !dto.unlawfulProcessing) {
          throw new AppError(
            'CONTRACT_OBLIGATIONS_OUTSTANDING',
            'PD can be deleted once the obligations under the contract are fulfilled (P7), or when it was processed unlawfully (P15.7)',
            {
              contractState: ContractState.ACTIVE,
              requiredContractState: [
                ContractState.OBLIGATIONS_FULFILLED,
                ContractState.TERMINATED,
              ],
              unlawfulProcessing: false,
            },
          );
        }
        const reason = dto.unlawfulProcessing
          ? DepersonalizationReason.UNLAWFUL_PROCESSING
          : DepersonalizationReason.DELETION_REQUEST;
        await this.erasure.depersonalize(request.subjectId, reason, tx);
        return { action: AuditAction.SUBJECT_DEPERSONALIZE, reason };
      }
    }
  }

  /** The operation and categories a completion touches; refuses options that do not fit the type. */
  private async touchOf(id: string, dto: CompleteDto): Promise<Touch> {
    const request = await this.requests.find(id);
    if (!request) throw notFound('Request');
    if (dto.unlawfulProcessing !== undefined && request.type !== RequestType.DELETION) {
      throw validationFailed([
        {
          field: 'unlawfulProcessing',
          constraints: ['unlawfulProcessing is for DELETION requests only'],
        },
      ]);
    }
    switch (request.type) {
      case RequestType.INFORMATION:
        return {
          subjectId: request.subjectId,
          operation: Operation.READ,
          categories: [...CATEGORIES],
        };
      case RequestType.RECTIFICATION: {
        const key = await this.vault.keyFor(request.subjectId);
        const proposed = openBody(key, request)?.proposed;
        if (!proposed) throw notFound('Request');
        const { values, cleared } = toRecord(proposed);
        const fields = [...(Object.keys(values) as Array<keyof typeof values>), ...cleared];
        return {
          subjectId: request.subjectId,
          operation: Operation.UPDATE,
          categories: [...new Set(fields.map(categoryOf))],
        };
      }
      default:
        return {
          subjectId: request.subjectId,
          operation: Operation.UPDATE,
          categories: [...CATEGORIES],
        };
    }
  }
}
