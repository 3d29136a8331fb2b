/** The closed vocabularies of the media register (P11.3). */

/** What a medium is: a file that left the service with PD in it. */
export const MediumKind = {
  /** A staff member's export of a subject's PD (`POST /subjects/:id/exports`). */
  EXPORT: 'EXPORT',
  /** A report about a subject produced by staff. */
  REPORT: 'REPORT',
  /** A backup of the database (`npm run cli -- backup`): everyone's PD. */
  BACKUP: 'BACKUP',
} as const;
export type MediumKind = (typeof MediumKind)[keyof typeof MediumKind];
export const MEDIUM_KINDS = Object.values(MediumKind);

/** Where a medium stands: kept within its term, past `destroyBy` and still kept, or destroyed. */
export const MediumStatus = {
  ACTIVE: 'active',
  OVERDUE: 'overdue',
  DESTROYED: 'destroyed',
} as const;
export type MediumStatus = (typeof MediumStatus)[keyof typeof MediumStatus];
export const MEDIUM_STATUSES = Object.values(MediumStatus);

/** How a medium was destroyed, as the compliance officer records it. */
export const DestructionMethod = {
  /** The file deleted from where it was kept. */
  DELETED: 'DELETED',
  /** The storage it was on overwritten. */
  WIPED: 'WIPED',
  /** A physical medium (paper, disk) destroyed. */
  SHREDDED: 'SHREDDED',
  /** The key of an encrypted medium destroyed, so no copy of it can be opened. */
  KEY_DESTROYED: 'KEY_DESTROYED',
  /** Handed back to and destroyed by its recipient, with their act. */
  RETURNED: 'RETURNED',
} as const;
export type DestructionMethod = (typeof DestructionMethod)[keyof typeof DestructionMethod];
export const DESTRUCTION_METHODS = Object.values(DestructionMethod);

/** An export of at most this many subjects names them; a bigger one only counts them. */
export const NAMED_SUBJECTS_MAX = 20;
