/**
 * PENDING: adds COMPLIANCE_OFFICER and waits for another officer's approval. APPLIED: in
 * effect. SUPERSEDED: a later change of the same account came first; it can no longer apply.
 */
export const RoleChangeStatus = {
  PENDING: 'PENDING',
  APPLIED: 'APPLIED',
  SUPERSEDED: 'SUPERSEDED',
} as const;
export type RoleChangeStatus = (typeof RoleChangeStatus)[keyof typeof RoleChangeStatus];
export const ROLE_CHANGE_STATUSES = Object.values(RoleChangeStatus);
