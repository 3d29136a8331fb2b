/** Who an access order names: a person (an order, P10) or a service client (a grant). */
export const HolderKind = { STAFF: 'staff', CLIENT: 'client' } as const;
export type HolderKind = (typeof HolderKind)[keyof typeof HolderKind];

/**
 * Why a category is not accessible right now, as `GET /staff/:id/effective-access` and the
 * guard's refusals explain it. Closed: every denial names one of these.
 */
export const DenialReason = {
  NO_ORDER: 'NO_ORDER',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
  NOT_YET_VALID: 'NOT_YET_VALID',
  OPERATION_NOT_COVERED: 'OPERATION_NOT_COVERED',
  PURPOSE_NOT_COVERED: 'PURPOSE_NOT_COVERED',
  PLEDGE_MISSING: 'PLEDGE_MISSING',
  SUSPENDED: 'SUSPENDED',
  /** After a credential reset or email change by someone else, until an officer confirms. */
  PAUSED: 'PAUSED',
  INACTIVE: 'INACTIVE',
} as const;
export type DenialReason = (typeof DenialReason)[keyof typeof DenialReason];

/** Headers a staff PD request states its purpose and ticket in (DESIGN.md, condition 5). */
export const PURPOSE_HEADER = 'x-access-purpose';
export const REASON_HEADER = 'x-access-reason';
