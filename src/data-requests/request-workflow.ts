import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import type { DataKey } from '../crypto/envelope';
import type { Tx } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { Outbox } from '../mail/outbox';
import { MailKind } from '../mail/vocabulary';
import { DataRequestStep } from './data-request-step.entity';
import { DataRequest } from './data-request.entity';
import { sealNote } from './request-body';
import { NEXT_STATUSES, RequestStatus } from './vocabulary';

export interface Move {
  to: RequestStatus;
  note?: string;
  assigneeId?: string | null;
}

/**
 * Moves a request along SUBMITTED → IN_REVIEW → COMPLETED | REJECTED, inside the caller's
 * transaction: a conditional update on the version it read (two officers acting at once
 * cannot both win), the step with who, when and why, and the email telling the subject,
 * queued in the same transaction (PD-free: the outbox row names only the step).
 */
@Injectable()
export class RequestWorkflow {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The first step of a new request, written with it. */
  async filed(request: DataRequest, key: DataKey, ctx: RequestContext, tx: Tx): Promise<void> {
    await this.step(request, { to: RequestStatus.SUBMITTED }, key, ctx, tx);
  }

  async move(
    request: DataRequest,
    move: Move,
    key: DataKey,
    ctx: RequestContext,
    tx: Tx,
  ): Promise<DataRequest> {
    if (!NEXT_STATUSES[request.status].includes(move.to)) {
      throw new AppError('INVALID_STATE', `A ${request.status} request cannot move to ${move.to}`, {
        status: request.status,
        allowed: NEXT_STATUSES[request.status],
      });
    }
    const now = this.clock.now();
    const closed = move.to === RequestStatus.COMPLETED || move.to === RequestStatus.REJECTED;
    const changes: Partial<DataRequest> = {
      status: move.to,
      version: request.version + 1,
      updatedAt: now,
      ...(move.assigneeId !== undefined ? { assigneeId: move.assigneeId } : {}),
      ...(closed ? { closedAt: now } : {}),
    };
    const updated = await tx.manager.update(
      DataRequest,
      { id: request.id, version: request.version },
      changes,
    );
    if (updated.affected !== 1) {
      throw new AppError('CONCURRENT_CHANGE', 'The request was changed meanwhile; reload it');
    }
    await this.step(request, move, key, ctx, tx);
    return { ...request, ...changes };
  }

  private async step(
    request: DataRequest,
    move: Move,
    key: DataKey,
    ctx: RequestContext,
    tx: Tx,
  ): Promise<void> {
    const id = randomUUID();
    await tx.manager.insert(DataRequestStep, {
      id,
      requestId: request.id,
      subjectId: request.subjectId,
      status: move.to,
      at: this.clock.now(),
      actorKind: ctx.principal.kind,
      actorId: ctx.principal.id,
      note: sealNote(key, id, move.note),
    });
    await this.outbox.enqueue(
      [{ kind: MailKind.DATA_REQUEST_STATUS, subjectId: request.subjectId, reference: id }],
      tx,
    );
  }
}
