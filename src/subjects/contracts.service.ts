import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { ContractStateChange } from './contract-state-change.entity';
import { Subject } from './subject.entity';
import type { ContractStateDto, ContractView } from './subjects.dto';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookEvent } from '../webhooks/vocabulary';

/**
 * The contract state the Billing reports (P7), kept as history. The subject's current
 * state is the one with the latest effective time, so a late report of an older change
 * does not overwrite a newer one.
 */
@Injectable()
export class ContractsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async report(
    subjectId: string,
    dto: ContractStateDto,
    ctx: RequestContext,
  ): Promise<ContractView> {
    const effectiveAt = new Date(dto.at);
    return this.transactions.run(async (tx) => {
      const { manager } = tx;
      const subject = await manager.findOne(Subject, {
        where: { id: subjectId },
        select: { id: true, contractState: true, contractStateAt: true, depersonalizedAt: true },
      });
      if (!subject || subject.depersonalizedAt) throw notFound('Subject');
      await manager.insert(ContractStateChange, {
        id: randomUUID(),
        subjectId,
        state: dto.state,
        effectiveAt,
        recordedAt: this.clock.now(),
        reportedBy: ctx.principal.id,
      });
      // The report is kept as history even when a newer state stands: recorded either way.
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.CONTRACT_REPORT,
          outcome: AuditOutcome.ALLOWED,
          subjectId,
          fields: ['contractState'],
        },
        tx,
      );
      if (!subject.contractStateAt || subject.contractStateAt <= effectiveAt) {
        await manager.update(
          Subject,
          { id: subjectId },
          { contractState: dto.state, contractStateAt: effectiveAt },
        );
        if (subject.contractState !== dto.state) {
          await this.webhooks.emit(
            WebhookEvent.CONTRACT_STATE_CHANGED,
            {
              subjectId,
              state: dto.state,
              previousState: subject.contractState ?? null,
              at: effectiveAt.toISOString(),
            },
            tx,
          );
        }
        return { state: dto.state, at: effectiveAt.toISOString() };
      }
      return { state: subject.contractState!, at: subject.contractStateAt.toISOString() };
    });
  }
}
