import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IdField } from '../common/id-param';
import type { ErrorCode } from '../errors/error-codes';
import type { VerificationStatus } from '../subjects/vocabulary';
import {
  type ConsentAction,
  CONSENT_PURPOSES,
  type ConsentPurpose,
  type ConsentStatus,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';
import { IsInstant } from '../common/time-fields';

/** A subject gives a consent under the policy version in force (P12, P14, P15.9, P20). */
@BodyExample<GiveConsentDto>({
  purpose: 'CROSS_BORDER_TRANSFER',
  policyVersionId: '4a8c2e6f-0b1d-4e3a-9c5b-7d9f1a3c5e42',
})
export class GiveConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  /** Must be the version in force: what the subject was shown and accepts. */
  @IdField()
  policyVersionId!: string;
}

export class ConsentsAtQuery {
  /** The state at this past moment (ISO 8601); now when omitted. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  at?: string;
}

export class ConsentCheckQuery {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;
}

/** One grant or withdrawal. The evidence stays sealed: it is shown to no one here. */
export class ConsentRecordView {
  id!: string;
  purpose!: ConsentPurpose;
  action!: ConsentAction;
  policyVersionId!: string;
  at!: string;
  channel!: string;
  /** Who recorded it: `subject` (cabinet), `client` (the Billing at registration), `staff`. */
  recordedBy!: string;
}

export class PurposeStateView {
  purpose!: ConsentPurpose;
  status!: ConsentStatus;
  given!: boolean;
  /** When the deciding record was made; null when there is none. */
  since!: string | null;
  policyVersionId!: string | null;
  consentId!: string | null;
}

export class PolicyInForceView {
  id!: string;
  label!: string;
  /** PD_PROCESSING is given under exactly this version (P20). */
  accepted!: boolean;
}

export class ConsentsView {
  subjectId!: string;
  /** The moment the state is for. */
  at!: string;
  state!: PurposeStateView[];
  /** Every record up to that moment, oldest first. */
  history!: ConsentRecordView[];
  policyInForce!: PolicyInForceView | null;
}

export class WithdrawalView {
  /** The withdrawal records appended (PD_PROCESSING takes the other consents with it). */
  withdrawn!: ConsentRecordView[];
  /** Set when PD_PROCESSING was withdrawn: the PD is depersonalized after this moment (P17). */
  depersonalizeAfter!: string | null;
}

/** The Billing's yes or no (hot path): no PD. */
export class ConsentCheckView {
  allowed!: boolean;
  code?: Extract<ErrorCode, 'CONSENT_REQUIRED' | 'SUBJECT_BLOCKED'>;
  reason!: string;
  /** The outcome of verifying the subject's data (P5): the Billing may refuse a FAILED one. */
  verification!: VerificationStatus;
}

export class PendingAcceptanceView {
  subjectId!: string;
  /** The earlier version their PD_PROCESSING consent is under. */
  policyVersionId!: string;
  since!: string;
}

export class PendingAcceptancesView {
  policyVersionId!: string;
  /** All subjects still to accept it, over every page. */
  count!: number;
  items!: PendingAcceptanceView[];
  nextCursor!: string | null;
}
