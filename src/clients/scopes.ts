/** What a service client (the Billing, the site) may do; granted per client by an admin. */
export const Scope = {
  SUBJECTS_WRITE: 'subjects:write',
  SUBJECTS_READ: 'subjects:read',
  CONTRACTS_WRITE: 'contracts:write',
  VISITS_WRITE: 'visits:write',
  CONSENTS_READ: 'consents:read',
  TRANSFERS_WRITE: 'transfers:write',
  /** Ask whether a transfer would be allowed, recording nothing (the Billing, before it sends). */
  TRANSFERS_READ: 'transfers:read',
} as const;

export type Scope = (typeof Scope)[keyof typeof Scope];
export const SCOPES = Object.values(Scope);
