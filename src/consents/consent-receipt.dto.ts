import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES, type Category, type Purpose, PURPOSES } from '../pd/vocabulary';
import type { ConsentReceipt } from './consent-receipt';
import { CONSENT_PURPOSES, type ConsentPurpose } from './vocabulary';

class ReceiptOperatorView {
  name!: string;
  bin!: string | null;
}

class ReceiptSubjectView {
  id!: string;
  fullName!: string;
}

class ReceiptPurposesView {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  consent!: ConsentPurpose;
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true })
  consentsInForce!: ConsentPurpose[];
  @ApiProperty({ enum: PURPOSES, isArray: true })
  processing!: Purpose[];
}

class ReceiptDataView {
  @ApiProperty({ enum: CATEGORIES })
  category!: Category;
  fields!: string[];
}

class ReceiptTermView {
  @ApiProperty({ enum: ['WITHDRAWAL'] })
  until!: 'WITHDRAWAL';
  @ApiProperty({ type: 'integer' })
  thenKeptDays!: number;
  description!: string;
}

class ReceiptDisclosureView {
  thirdParties!: boolean;
  crossBorder!: boolean;
  publicSources!: boolean;
}

class ReceiptPolicyView {
  id!: string;
  label!: string;
  textHash!: string;
}

/** What a consent states under Kazakhstan's PD law (consent-receipt.ts). */
export class ConsentReceiptView implements ConsentReceipt {
  consentId!: string;
  operator!: ReceiptOperatorView;
  subject!: ReceiptSubjectView;
  purposes!: ReceiptPurposesView;
  @ApiProperty({ type: [ReceiptDataView] })
  data!: ReceiptDataView[];
  term!: ReceiptTermView;
  disclosure!: ReceiptDisclosureView;
  policyVersion!: ReceiptPolicyView;
  grantedAt!: string;
  channel!: string;
}
