/** Staff roles (DESIGN.md, "Who calls it"): coarse RBAC; PD itself needs an access order. */
export const Role = {
  /** Staff accounts and service clients; no PD by role. */
  ADMIN: 'ADMIN',
  /** Access orders, pledges, policy versions, third parties, data requests, incidents. */
  COMPLIANCE_OFFICER: 'COMPLIANCE_OFFICER',
  /** Processes PD under access orders. */
  OPERATOR: 'OPERATOR',
  /** Reads the audit trail; no PD. */
  AUDITOR: 'AUDITOR',
} as const;

export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role);

/**
 * The roles that reach PD or decide who does: an officer issues orders, an operator
 * processes under them. Held in abeyance while an account is paused (see AccessGuard).
 */
export const PD_ROLES: readonly Role[] = [Role.COMPLIANCE_OFFICER, Role.OPERATOR];

/**
 * Four eyes (DESIGN.md, "Separation of duties"): whoever manages accounts never also
 * holds a PD role, or one person could make an account and admit it to PD.
 */
export function rolesConflict(roles: readonly Role[]): boolean {
  return roles.includes(Role.ADMIN) && roles.some((role) => PD_ROLES.includes(role));
}
