import type { ErrorCode } from '../errors/error-codes';
import type { Category } from '../pd/vocabulary';
import { HOME_COUNTRY } from './countries';
import { LEGAL_TIME_ZONE } from './legal-day';
import { LegalBasis, ThirdPartyRole, ThirdPartyStatus } from './vocabulary';

/** What the registry says about the receiving party, read at the moment of the transfer. */
export interface PartyFacts {
  status: ThirdPartyStatus;
  country: string;
  role: ThirdPartyRole;
  signedOn: string;
  validUntil: string;
  confidentiality: boolean;
  categories: readonly Category[];
  /** The officer's decision on its state; KZ needs none. */
  countryProtects: boolean;
}

/** What the subject's record and consents say, at the same moment. */
export interface SubjectFacts {
  blocked: boolean;
  processingConsent: boolean;
  crossBorderConsent: boolean;
}

export interface TransferAsk {
  categories: readonly Category[];
  legalBasis: LegalBasis;
  /** The transfer carries a verification result (P5). */
  verification: boolean;
}

export interface Refusal {
  code: ErrorCode;
  reason: string;
}

/** Every code a transfer can be refused with: each leaves a DENIED audit entry and nothing else. */
export const TRANSFER_REFUSALS: readonly ErrorCode[] = [
  'NOT_FOUND',
  'THIRD_PARTY_SUSPENDED',
  'NO_CONFIDENTIALITY_AGREEMENT',
  'CATEGORY_NOT_AGREED',
  'NOT_A_VERIFIER',
  'SUBJECT_BLOCKED',
  'CONSENT_REQUIRED',
  'COUNTRY_NOT_PROTECTING',
  'CROSS_BORDER_CONSENT_REQUIRED',
];

/**
 * Whether a transfer may happen, and if not the first rule it breaks, in this order:
 * 1. the party is suspended (THIRD_PARTY_SUSPENDED);
 * 2. its agreement has no confidentiality clause, is not signed yet or has expired
 *    (NO_CONFIDENTIALITY_AGREEMENT, P8): `today` is the day in Asia/Almaty, and an
 *    agreement covers its `validUntil` day in full, so expiry takes effect the next day;
 * 3. a category the agreement does not cover (CATEGORY_NOT_AGREED);
 * 4. a verification result from a party that is not a VERIFIER (NOT_A_VERIFIER, P5);
 * 5. the subject is blocked (SUBJECT_BLOCKED, P15.6);
 * 6. basis CONSENT without the PD_PROCESSING consent in force (CONSENT_REQUIRED, P9, P13);
 * 7. a party abroad, unless the basis is LAW (P14): its state is not decided to protect PD
 *    (COUNTRY_NOT_PROTECTING), or the subject has no CROSS_BORDER_TRANSFER consent in
 *    force (CROSS_BORDER_CONSENT_REQUIRED). A transfer the law requires names the law
 *    (`lawReference`) and is not subject to either condition.
 * Fails closed: anything not shown to be allowed is refused.
 */
export function refusalOf(
  party: PartyFacts,
  subject: SubjectFacts,
  ask: TransferAsk,
  today: string,
): Refusal | null {
  if (party.status !== ThirdPartyStatus.ACTIVE) {
    return {
      code: 'THIRD_PARTY_SUSPENDED',
      reason: 'The third party is suspended in the registry',
    };
  }
  if (!party.confidentiality) {
    return {
      code: 'NO_CONFIDENTIALITY_AGREEMENT',
      reason: 'The agreement on record has no confidentiality clause (P8)',
    };
  }
  if (today < party.signedOn) {
    return {
      code: 'NO_CONFIDENTIALITY_AGREEMENT',
      reason: `The confidentiality agreement is in force from ${party.signedOn} (${LEGAL_TIME_ZONE}) (P8)`,
    };
  }
  if (today > party.validUntil) {
    return {
      code: 'NO_CONFIDENTIALITY_AGREEMENT',
      reason: `The confidentiality agreement expired after ${party.validUntil} (${LEGAL_TIME_ZONE}) (P8)`,
    };
  }
  const outside = ask.categories.filter((category) => !party.categories.includes(category));
  if (outside.length > 0) {
    return {
      code: 'CATEGORY_NOT_AGREED',
      reason: `The agreement does not cover: ${outside.join(', ')}`,
    };
  }
  if (ask.verification && party.role !== ThirdPartyRole.VERIFIER) {
    return {
      code: 'NOT_A_VERIFIER',
      reason: 'Only a VERIFIER third party returns verification results (P5)',
    };
  }
  if (subject.blocked) {
    return {
      code: 'SUBJECT_BLOCKED',
      reason: 'The subject has had their PD blocked (P15.6): no transfer until unblocked',
    };
  }
  if (ask.legalBasis === LegalBasis.CONSENT && !subject.processingConsent) {
    return {
      code: 'CONSENT_REQUIRED',
      reason: 'Basis CONSENT, but the consent to PD_PROCESSING is not in force (P9, P13)',
    };
  }
  if (party.country !== HOME_COUNTRY && ask.legalBasis !== LegalBasis.LAW) {
    if (!party.countryProtects) {
      return {
        code: 'COUNTRY_NOT_PROTECTING',
        reason: `${party.country} is not on the list of states that protect PD (P14)`,
      };
    }
    if (!subject.crossBorderConsent) {
      return {
        code: 'CROSS_BORDER_CONSENT_REQUIRED',
        reason:
          'The third party is abroad and the subject has not consented to CROSS_BORDER_TRANSFER (P14)',
      };
    }
  }
  return null;
}
