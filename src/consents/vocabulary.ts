/** What a subject consents to (P12, P14, P15.9). */
export const ConsentPurpose = {
  /** Given by accepting the policy at registration: collection, processing, storage, transfer. */
  PD_PROCESSING: 'PD_PROCESSING',
  /** Separate consent to storage or transfer abroad (P14). */
  CROSS_BORDER_TRANSFER: 'CROSS_BORDER_TRANSFER',
  /** Separate consent to distribution in public sources; refused unless given (P15.9). */
  PUBLIC_DISTRIBUTION: 'PUBLIC_DISTRIBUTION',
} as const;
export type ConsentPurpose = (typeof ConsentPurpose)[keyof typeof ConsentPurpose];
export const CONSENT_PURPOSES = Object.values(ConsentPurpose);

/** Consent records are appended, never overwritten: each is a grant or a withdrawal. */
export const ConsentAction = { GRANTED: 'GRANTED', WITHDRAWN: 'WITHDRAWN' } as const;
export type ConsentAction = (typeof ConsentAction)[keyof typeof ConsentAction];

/** Where a purpose stands at a moment: the latest record decides; no record means not given. */
export const ConsentStatus = {
  GIVEN: 'GIVEN',
  WITHDRAWN: 'WITHDRAWN',
  NOT_GIVEN: 'NOT_GIVEN',
} as const;
export type ConsentStatus = (typeof ConsentStatus)[keyof typeof ConsentStatus];
