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
