/**
 * What the outbox can carry. Each kind is rendered at send time by the feature that owns
 * it (see MailRenderers), so no message body, address or name is ever stored.
 */
export const MailKind = {
  /** A significant policy change (P20): consents renders it. */
  POLICY_CHANGED: 'POLICY_CHANGED',
  /** A data request was filed or changed status (P15): data-requests renders it. */
  DATA_REQUEST_STATUS: 'DATA_REQUEST_STATUS',
  /**
   * A staff member's one-time enrolment token (new account or credential reset): staff
   * renders it. `subjectId` names the staff member, `reference` the enrolment.
   */
  STAFF_ENROLMENT: 'STAFF_ENROLMENT',
} as const;
export type MailKind = (typeof MailKind)[keyof typeof MailKind];
export const MAIL_KINDS = Object.values(MailKind);

/**
 * PENDING: waiting for its next attempt. SENDING: claimed by one worker until its lease
 * ends. SENT: the SMTP server accepted it. FAILED: given up (attempts used up, or the
 * server refused the recipient for good). SKIPPED: no longer needed when its turn came
 * (the owning feature said why, in `lastError`).
 */
export const OutboxStatus = {
  PENDING: 'PENDING',
  SENDING: 'SENDING',
  SENT: 'SENT',
  FAILED: 'FAILED',
  SKIPPED: 'SKIPPED',
} as const;
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus];
export const OUTBOX_STATUSES = Object.values(OutboxStatus);
