import { Injectable } from '@nestjs/common';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import type { DataKey } from '../crypto/envelope';
import { Vault } from '../crypto/vault';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { type SubjectStanding, SubjectStandings } from '../subjects/subject-standings';
import { Channel, ContractState } from '../subjects/vocabulary';
import { ConsentLedger } from './consent-ledger';
import {
  type ConsentRecord,
  type ConsentState,
  givenPurposes,
  nextRecordTime,
  stateAt,
} from './consent-state';
import { recordView } from './consent-views';
import type { ConsentRecordView, GiveConsentDto, WithdrawalView } from './consents.dto';
import { PolicyVersionsService } from './policy-versions.service';
import { ConsentAction, ConsentPurpose, ConsentStatus } from './vocabulary';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookEvent } from '../webhooks/vocabulary';

const DAY_MS = 86_400_000;
/** Later than any record can be dated: "the state now", records dated a millisecond ahead included. */
const END_OF_TIME = new Date(8.64e15);

interface Loaded {
  standing: SubjectStanding;
  key: DataKey;
  records: ConsentRecord[];
  state: ConsentState;
}

/**
 * The subject's own consents in the personal cabinet: giving one under the policy in
 * force, and withdrawing one (P7, P12, P14, P15.8, P15.9, P20). Every change is a new
 * record with the request's address and user agent sealed as evidence, channel CABINET.
 */
@Injectable()
export class CabinetConsents {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly policies: PolicyVersionsService,
    private readonly standings: SubjectStandings,
    private readonly vault: Vault,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /**
   * Gives a consent, only under the version in force (POLICY_NOT_ACCEPTED otherwise);
   * this is also how a subject accepts a new version (P20). Cross-border transfer and
   * public distribution rest on processing, so they need PD_PROCESSING in force
   * (CONSENT_REQUIRED). Giving what is already in force under that version changes
   * nothing and answers with the record in force.
   */
  async give(dto: GiveConsentDto, ctx: RequestContext): Promise<ConsentRecordView> {
    const subjectId = ctx.principal.id;
    return this.transactions.run(async (tx) => {
      const inForce = await this.policies.inForce(tx);
      if (!inForce || inForce.id !== dto.policyVersionId) {
        throw new AppError(
          'POLICY_NOT_ACCEPTED',
          `Consent can only be given under the policy version in force${inForce ? ` (${inForce.label})` : ''}`,
          { policyVersionInForce: inForce?.id ?? null },
        );
      }
      const { key, records, state } = await this.load(subjectId, tx);
      const current = state[dto.purpose];
      if (
        current.status === ConsentStatus.GIVEN &&
        current.record?.policyVersionId === inForce.id
      ) {
        // Nothing changes, but the subject's confirmation is theirs to show (P18).
        await this.recorded(ctx, AuditAction.CONSENT_GIVE, [dto.purpose], current.record.id, tx);
        return recordView(current.record);
      }
      const processing = state[ConsentPurpose.PD_PROCESSING].status;
      if (dto.purpose !== ConsentPurpose.PD_PROCESSING && processing !== ConsentStatus.GIVEN) {
        throw new AppError(
          'CONSENT_REQUIRED',
          `${dto.purpose} needs the consent to PD_PROCESSING in force first`,
          { requiredPurpose: ConsentPurpose.PD_PROCESSING },
        );
      }
      const consent = await this.ledger.append(
        {
          key,
          purpose: dto.purpose,
          action: ConsentAction.GRANTED,
          policyVersionId: inForce.id,
          at: nextRecordTime(records, dto.purpose, this.clock.now()),
          channel: Channel.CABINET,
          evidence: evidenceOf(ctx),
          recordedBy: ctx.principal,
        },
        tx,
      );
      if (dto.purpose === ConsentPurpose.PD_PROCESSING && processing === ConsentStatus.WITHDRAWN) {
        await this.standings.markForDepersonalization(subjectId, null, tx);
      }
      await this.recorded(ctx, AuditAction.CONSENT_GIVE, [dto.purpose], consent.id, tx);
      await this.webhooks.emit(
        WebhookEvent.CONSENT_GRANTED,
        { subjectId, purpose: dto.purpose, consentId: consent.id, policyVersionId: inForce.id },
        tx,
      );
      return recordView(consent);
    });
  }

  /**
   * Withdraws a consent in force; one that is not in force is NOT_FOUND. PD_PROCESSING
   * is refused with CONTRACT_OBLIGATIONS_OUTSTANDING while the contract is ACTIVE (P7,
   * P15.8), and nothing is recorded; with no contract reported, or once it is fulfilled
   * or terminated, it is withdrawn together with the consents that rest on it, and the
   * subject is marked for depersonalization when the retention term ends (P17).
   */
  async withdraw(purpose: ConsentPurpose, ctx: RequestContext): Promise<WithdrawalView> {
    const subjectId = ctx.principal.id;
    return this.transactions.run(async (tx) => {
      const { standing, key, records, state } = await this.load(subjectId, tx);
      if (state[purpose].status !== ConsentStatus.GIVEN) {
        throw new AppError('NOT_FOUND', `No consent to ${purpose} is in force to withdraw`, {
          purpose,
          status: state[purpose].status,
        });
      }
      const processing = purpose === ConsentPurpose.PD_PROCESSING;
      if (processing && standing.contractState === ContractState.ACTIVE) {
        throw new AppError(
          'CONTRACT_OBLIGATIONS_OUTSTANDING',
          'Consent to PD_PROCESSING can be withdrawn once the obligations under the contract are fulfilled (P7, P15.8)',
          {
            contractState: ContractState.ACTIVE,
            requiredContractState: [ContractState.OBLIGATIONS_FULFILLED, ContractState.TERMINATED],
          },
        );
      }
      const now = this.clock.now();
      const withdrawn: ConsentRecord[] = [];
      for (const each of processing ? givenPurposes(state) : [purpose]) {
        withdrawn.push(
          await this.ledger.append(
            {
              key,
              purpose: each,
              action: ConsentAction.WITHDRAWN,
              policyVersionId: state[each].record!.policyVersionId,
              at: nextRecordTime(records, each, now),
              channel: Channel.CABINET,
              evidence: evidenceOf(ctx),
              recordedBy: ctx.principal,
            },
            tx,
          ),
        );
      }
      const depersonalizeAfter = processing
        ? new Date(now.getTime() + this.config.retention.pdDays * DAY_MS)
        : null;
      if (depersonalizeAfter) {
        await this.standings.markForDepersonalization(subjectId, depersonalizeAfter, tx);
      }
      const purposes = withdrawn.map((record) => record.purpose);
      await this.recorded(ctx, AuditAction.CONSENT_WITHDRAW, purposes, null, tx);
      await this.webhooks.emit(WebhookEvent.CONSENT_WITHDRAWN, { subjectId, purposes }, tx);
      return {
        withdrawn: withdrawn.map(recordView),
        depersonalizeAfter: depersonalizeAfter?.toISOString() ?? null,
      };
    });
  }

  /** The subject's own consent change, in its transaction; `fields` names the purposes. */
  private async recorded(
    ctx: RequestContext,
    action: AuditAction,
    purposes: readonly ConsentPurpose[],
    consentId: string | null,
    tx: Tx,
  ): Promise<void> {
    await this.audit.record(
      {
        ...originOf(ctx),
        action,
        outcome: AuditOutcome.ALLOWED,
        subjectId: ctx.principal.id,
        targetId: consentId,
        fields: purposes,
      },
      tx,
    );
  }

  private async load(subjectId: string, tx: Tx): Promise<Loaded> {
    const standing = await this.standings.standing(subjectId, tx);
    const key =
      standing && !standing.depersonalized ? await this.vault.keyFor(subjectId, tx) : null;
    if (!standing || !key) throw notFound('Subject');
    const records = await this.ledger.records(subjectId, undefined, tx);
    return { standing, key, records, state: stateAt(records, END_OF_TIME) };
  }
}

function evidenceOf(ctx: RequestContext): { ip: string; userAgent: string } {
  return { ip: ctx.ip, userAgent: ctx.userAgent ?? '' };
}
