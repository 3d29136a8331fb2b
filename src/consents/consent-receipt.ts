import { categoryOf, PD_FIELD_NAMES, VISIT_FIELDS } from '../pd/fields';
import { CATEGORIES, type Category, type Purpose, PURPOSE_BASIS, PURPOSES } from '../pd/vocabulary';
import { type ConsentRecord, type ConsentState, givenPurposes } from './consent-state';
import { type ConsentPurpose, ConsentPurpose as P } from './vocabulary';

export interface ReceiptInput {
  /** The grant the receipt is for. */
  consent: ConsentRecord;
  /** The subject's consents as they stood at the moment of the grant (the grant included). */
  stateThen: ConsentState;
  operator: { name: string; bin: string | null };
  subject: { id: string; fullName: string };
  policyVersion: { id: string; label: string; textHash: string };
  retentionDays: number;
}

export interface ConsentReceipt {
  consentId: string;
  operator: { name: string; bin: string | null };
  subject: { id: string; fullName: string };
  purposes: {
    /** The consent this receipt is for. */
    consent: ConsentPurpose;
    /** Every consent in force once it was given. */
    consentsInForce: ConsentPurpose[];
    /** What the PD is processed for on the strength of consent (P2). */
    processing: Purpose[];
  };
  /** The PD collected, by category, as the field registry declares it (P4). */
  data: Array<{ category: Category; fields: string[] }>;
  term: { until: 'WITHDRAWAL'; thenKeptDays: number; description: string };
  disclosure: { thirdParties: boolean; crossBorder: boolean; publicSources: boolean };
  policyVersion: { id: string; label: string; textHash: string };
  grantedAt: string;
  channel: string;
}

/**
 * What a consent must state under Kazakhstan's PD law, for one grant: who the operator
 * is, whose data, for which purposes, which data, for how long, to whom it may go, and
 * which text was accepted, when and how. Pure: everything comes in `input`.
 */
export function buildReceipt(input: ReceiptInput): ConsentReceipt {
  const consents = givenPurposes(input.stateThen);
  return {
    consentId: input.consent.id,
    operator: { ...input.operator },
    subject: { ...input.subject },
    purposes: {
      consent: input.consent.purpose,
      consentsInForce: consents,
      processing: PURPOSES.filter((purpose) => PURPOSE_BASIS[purpose] === 'CONSENT'),
    },
    data: collectedData(),
    term: {
      until: 'WITHDRAWAL',
      thenKeptDays: input.retentionDays,
      description: `Until the consent is withdrawn; the PD is then kept ${input.retentionDays} days and depersonalized`,
    },
    disclosure: {
      // Accepting the policy is consent to transfer for its purposes (P8, P12, P13).
      thirdParties: consents.includes(P.PD_PROCESSING),
      crossBorder: consents.includes(P.CROSS_BORDER_TRANSFER),
      publicSources: consents.includes(P.PUBLIC_DISTRIBUTION),
    },
    policyVersion: { ...input.policyVersion },
    grantedAt: input.consent.at.toISOString(),
    channel: input.consent.channel,
  };
}

/** Every category with its fields, account data (P4.2) and visit data (P4.1), from src/pd/fields.ts. */
export function collectedData(): Array<{ category: Category; fields: string[] }> {
  const visitFields = Object.entries(VISIT_FIELDS);
  return CATEGORIES.map((category) => ({
    category,
    fields: [
      ...PD_FIELD_NAMES.filter((field) => categoryOf(field) === category),
      ...visitFields.filter(([, of]) => of === category).map(([field]) => field),
    ],
  })).filter((entry) => entry.fields.length > 0);
}
