/** What a third party does with the PD it receives (P5, P8, P13). */
export const ThirdPartyRole = {
  /** Checks a subject's data (P5); only a verifier may return a verification result. */
  VERIFIER: 'VERIFIER',
  PAYMENT_PROVIDER: 'PAYMENT_PROVIDER',
  /** Processes PD on the Organization's behalf, under Kazakhstan's PD law (P13). */
  PROCESSOR: 'PROCESSOR',
  STATE_BODY: 'STATE_BODY',
  OTHER: 'OTHER',
} as const;
export type ThirdPartyRole = (typeof ThirdPartyRole)[keyof typeof ThirdPartyRole];
export const THIRD_PARTY_ROLES = Object.values(ThirdPartyRole);

/** A suspended third party receives nothing until it is active again. */
export const ThirdPartyStatus = { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED' } as const;
export type ThirdPartyStatus = (typeof ThirdPartyStatus)[keyof typeof ThirdPartyStatus];
export const THIRD_PARTY_STATUSES = Object.values(ThirdPartyStatus);

/** The legal ground every transfer records and is checked against (P9, P13). */
export const LegalBasis = {
  /** The subject's PD_PROCESSING consent, given by accepting the policy (P9, P12). */
  CONSENT: 'CONSENT',
  /** Needed to perform the Contract (P8, P13). */
  CONTRACT: 'CONTRACT',
  /** Required by law; the transfer names the provision (`lawReference`). */
  LAW: 'LAW',
} as const;
export type LegalBasis = (typeof LegalBasis)[keyof typeof LegalBasis];
export const LEGAL_BASES = Object.values(LegalBasis);

/** What a verifier found (P5); FAILED flags the subject so the Billing can refuse access. */
export const VerificationResult = { VERIFIED: 'VERIFIED', FAILED: 'FAILED' } as const;
export type VerificationResult = (typeof VerificationResult)[keyof typeof VerificationResult];
export const VERIFICATION_RESULTS = Object.values(VerificationResult);

/** What a registry history row is about. */
export const RegistryKind = { THIRD_PARTY: 'THIRD_PARTY', COUNTRY: 'COUNTRY' } as const;
export type RegistryKind = (typeof RegistryKind)[keyof typeof RegistryKind];
