import { Injectable } from '@nestjs/common';
import { Passwords } from '../auth/passwords';
import type { RequestContext } from '../auth/request-context';
import { ConsentsService } from '../consents/consents.service';
import { PolicyVersionsService } from '../consents/policy-versions.service';
import { ConsentPurpose } from '../consents/vocabulary';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { type Tx, Transactions } from '../database/transactions';
import { categoryOf, type PdField } from '../pd/fields';
import { toRecord } from '../subjects/subject-record';
import { AppError } from '../errors/app-error';
import { SubjectsService } from '../subjects/subjects.service';
import type { RegisteredView, RegisterSubjectDto } from './registration.dto';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookEvent } from '../webhooks/vocabulary';

/**
 * Registration means accepting the policy (P12): the subject, their data key and the
 * PD_PROCESSING consent naming the exact policy version are stored in one transaction, or
 * nothing is stored.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly subjects: SubjectsService,
    private readonly policies: PolicyVersionsService,
    private readonly consents: ConsentsService,
    private readonly passwords: Passwords,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async register(dto: RegisterSubjectDto, ctx: RequestContext): Promise<RegisteredView> {
    const { policyVersionId, consent } = dto;
    if (!policyVersionId || !consent) {
      throw new AppError(
        'POLICY_NOT_ACCEPTED',
        'Registration must carry the accepted policyVersionId and the consent evidence',
      );
    }
    let passwordHash: string | null = null;
    if (dto.password !== undefined) {
      this.passwords.assertStrong(dto.password, [dto.email, dto.surname, dto.givenName]);
      passwordHash = await this.passwords.hash(dto.password);
    }
    return this.transactions.run(async (tx) => {
      const inForce = await this.policies.inForce(tx);
      if (!inForce || inForce.id !== policyVersionId) {
        throw new AppError(
          'POLICY_NOT_ACCEPTED',
          `The policy version in force${inForce ? ` (${inForce.label})` : ''} was not accepted`,
          {
            policyVersionInForce: inForce?.id ?? null,
          },
        );
      }
      const { subject, key } = await this.subjects.create(dto, passwordHash, tx);
      const granted = await this.consents.grant(
        {
          key,
          purpose: ConsentPurpose.PD_PROCESSING,
          policyVersionId,
          channel: consent.channel,
          evidence: { ip: consent.ip, userAgent: consent.userAgent },
          recordedBy: ctx.principal,
        },
        tx,
      );
      await this.recordRegistration(dto, subject.id, granted.id, ctx, tx);
      return {
        id: subject.id,
        policyVersionId,
        consentId: granted.id,
        createdAt: subject.createdAt.toISOString(),
      };
    });
  }

  /** The client's registration and the consent it carried, named, never their values (P12, P18). */
  private async recordRegistration(
    dto: RegisterSubjectDto,
    subjectId: string,
    consentId: string,
    ctx: RequestContext,
    tx: Tx,
  ): Promise<void> {
    const fields = Object.keys(toRecord(dto).values) as PdField[];
    const by = { ...originOf(ctx), outcome: AuditOutcome.ALLOWED, subjectId };
    await this.audit.record(
      {
        ...by,
        action: AuditAction.SUBJECT_REGISTER,
        fields,
        categories: [...new Set(fields.map(categoryOf))],
      },
      tx,
    );
    await this.audit.record(
      {
        ...by,
        action: AuditAction.CONSENT_GIVE,
        targetId: consentId,
        fields: [ConsentPurpose.PD_PROCESSING],
      },
      tx,
    );
    await this.webhooks.emit(
      WebhookEvent.CONSENT_GRANTED,
      {
        subjectId,
        purpose: ConsentPurpose.PD_PROCESSING,
        consentId,
        policyVersionId: dto.policyVersionId ?? null,
      },
      tx,
    );
  }
}
