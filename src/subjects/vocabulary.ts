/** Where a consent was given or a change was made (P6, P12, P18). */
export const Channel = {
  WEB: 'WEB',
  MOBILE_APP: 'MOBILE_APP',
  CABINET: 'CABINET',
  SUPPORT: 'SUPPORT',
  DATA_REQUEST: 'DATA_REQUEST',
  /** Staff through the admin API, under an access order. */
  BACK_OFFICE: 'BACK_OFFICE',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
export const CHANNELS = Object.values(Channel);

/** The state of the licence agreement, as the Billing reports it (P7). */
export const ContractState = {
  ACTIVE: 'ACTIVE',
  OBLIGATIONS_FULFILLED: 'OBLIGATIONS_FULFILLED',
  TERMINATED: 'TERMINATED',
} as const;
export type ContractState = (typeof ContractState)[keyof typeof ContractState];
export const CONTRACT_STATES = Object.values(ContractState);

/** Identity documents accepted in Kazakhstan; only their data is kept, never a scan. */
export const DocumentType = {
  ID_CARD: 'ID_CARD',
  PASSPORT: 'PASSPORT',
  RESIDENCE_PERMIT: 'RESIDENCE_PERMIT',
  STATELESS_CERTIFICATE: 'STATELESS_CERTIFICATE',
} as const;
export type DocumentType = (typeof DocumentType)[keyof typeof DocumentType];
export const DOCUMENT_TYPES = Object.values(DocumentType);

/** The declared extra attribute (P4.3): the language the subject is written to in. */
export const Language = { RU: 'ru', KK: 'kk', EN: 'en' } as const;
export type Language = (typeof Language)[keyof typeof Language];
export const LANGUAGES = Object.values(Language);

/** Outcome of verifying the subject's data through a third party (P5). */
export const VerificationStatus = {
  UNVERIFIED: 'UNVERIFIED',
  VERIFIED: 'VERIFIED',
  FAILED: 'FAILED',
} as const;
export type VerificationStatus = (typeof VerificationStatus)[keyof typeof VerificationStatus];

/** Why a subject was depersonalized (the tombstone's `depersonalizationReason`, P17). */
export const DepersonalizationReason = {
  /** A deletion request completed after the obligations under the contract were fulfilled (P7). */
  DELETION_REQUEST: 'DELETION_REQUEST',
  /** A deletion request completed because the PD was processed unlawfully (P15.7). */
  UNLAWFUL_PROCESSING: 'UNLAWFUL_PROCESSING',
  /** The retention term after consent to processing was withdrawn ran out (P17). */
  RETENTION_EXPIRED: 'RETENTION_EXPIRED',
} as const;
export type DepersonalizationReason =
  (typeof DepersonalizationReason)[keyof typeof DepersonalizationReason];
