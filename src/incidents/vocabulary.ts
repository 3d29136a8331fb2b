/** What opened an incident (P16). */
export const IncidentRule = {
  /** N denied PD attempts by one account within the window. */
  DENIED_ATTEMPTS: 'DENIED_ATTEMPTS',
  /** Reads of more than M distinct subjects by one account within the window. */
  MASS_READ: 'MASS_READ',
  /** Opened by a compliance officer. */
  MANUAL: 'MANUAL',
} as const;
export type IncidentRule = (typeof IncidentRule)[keyof typeof IncidentRule];
export const INCIDENT_RULES = Object.values(IncidentRule);

export const IncidentStatus = { OPEN: 'OPEN', LIFTED: 'LIFTED' } as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];

/** The accounts an incident can suspend. */
export const SuspendableKind = { STAFF: 'staff', CLIENT: 'client' } as const;
export type SuspendableKind = (typeof SuspendableKind)[keyof typeof SuspendableKind];
