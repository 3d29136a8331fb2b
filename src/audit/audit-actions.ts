/**
 * The closed vocabularies of the audit trail. Features add their actions here, in one
 * place, so the trail, its filters and the subject's access log speak one language.
 */

/** What was done, or attempted. */
export const AuditAction = {
  /** A staff member or client read a subject's PD (P10). */
  SUBJECT_READ: 'SUBJECT_READ',
  /** Exact search by email, phone or IIN through the blind indexes. */
  SUBJECT_SEARCH: 'SUBJECT_SEARCH',
  SUBJECT_UPDATE: 'SUBJECT_UPDATE',
  STAFF_CREATE: 'STAFF_CREATE',
  /** Names, roles, activation or an administrator's password reset. */
  STAFF_UPDATE: 'STAFF_UPDATE',
  /** A staff member changing their own password. */
  STAFF_PASSWORD_CHANGE: 'STAFF_PASSWORD_CHANGE',
  /**
   * A staff member set their own password with an enrolment token (four eyes). DENIED is
   * a refused token, shaped like a refused SIGN_IN: no actor, the token's account as
   * target when it has one, else `identifierHash` (never the token).
   */
  STAFF_ENROL: 'STAFF_ENROL',
  /** An administrator ended an account's sessions and password and mailed a new token. */
  STAFF_CREDENTIAL_RESET: 'STAFF_CREDENTIAL_RESET',
  /** A compliance officer ended the pause that a reset or an email change put on an account. */
  STAFF_CONFIRM: 'STAFF_CONFIRM',
  /** An account's roles changed at once (nothing that needs a second person). */
  ROLE_CHANGE: 'ROLE_CHANGE',
  /** A change that adds COMPLIANCE_OFFICER, waiting for another officer. */
  ROLE_CHANGE_PROPOSE: 'ROLE_CHANGE_PROPOSE',
  /** Another compliance officer approved it, and it took effect. */
  ROLE_CHANGE_APPROVE: 'ROLE_CHANGE_APPROVE',
  CLIENT_CREATE: 'CLIENT_CREATE',
  CLIENT_UPDATE: 'CLIENT_UPDATE',
  /** A new secret: the client's PD grants pause until a compliance officer confirms it. */
  CLIENT_SECRET_ROTATE: 'CLIENT_SECRET_ROTATE',
  CLIENT_CONFIRM: 'CLIENT_CONFIRM',
  PLEDGE_PUBLISH: 'PLEDGE_PUBLISH',
  PLEDGE_SIGN: 'PLEDGE_SIGN',
  ORDER_ISSUE: 'ORDER_ISSUE',
  ORDER_REVOKE: 'ORDER_REVOKE',
  /** A compliance officer grants a service client PD categories. */
  CLIENT_GRANT: 'CLIENT_GRANT',
  /** Detection (P16) opened an incident and suspended the account. */
  INCIDENT_OPEN: 'INCIDENT_OPEN',
  /** A compliance officer lifted an incident's suspension. */
  INCIDENT_LIFT: 'INCIDENT_LIFT',
  /** A data request filed by the subject or by a compliance officer for them (P15). */
  DATA_REQUEST_FILE: 'DATA_REQUEST_FILE',
  /** A compliance officer read a request with what the subject wrote in it. */
  DATA_REQUEST_READ: 'DATA_REQUEST_READ',
  /** Taken into review by (or handed to) a compliance officer. */
  DATA_REQUEST_ASSIGN: 'DATA_REQUEST_ASSIGN',
  DATA_REQUEST_COMPLETE: 'DATA_REQUEST_COMPLETE',
  DATA_REQUEST_REJECT: 'DATA_REQUEST_REJECT',
  /** The subject's report (P15.1–P15.3) was produced, as JSON (READ) or PDF (EXPORT). */
  SUBJECT_REPORT: 'SUBJECT_REPORT',
  /** Processing of the subject's PD stopped at their demand (P15.6). */
  SUBJECT_BLOCK: 'SUBJECT_BLOCK',
  SUBJECT_UNBLOCK: 'SUBJECT_UNBLOCK',
  /** Data key destroyed, indexes removed, row kept as a tombstone (P15.7, P17). */
  SUBJECT_DEPERSONALIZE: 'SUBJECT_DEPERSONALIZE',
  /** A staff member's export of a subject's PD to a file, registered as a medium (`targetId`, P11.3). */
  SUBJECT_EXPORT: 'SUBJECT_EXPORT',
  /** A compliance officer recorded a medium's destruction (`targetId`; `reason` is the method). */
  MEDIUM_DESTROY: 'MEDIUM_DESTROY',
  /** A copy checked against the registered medium (`targetId`); `reason` says whether it matched. */
  MEDIUM_VERIFY: 'MEDIUM_VERIFY',
  /** The third-party registry (P8, P13): a party, its agreement, categories, status. */
  THIRD_PARTY_CREATE: 'THIRD_PARTY_CREATE',
  THIRD_PARTY_UPDATE: 'THIRD_PARTY_UPDATE',
  /** A compliance officer's decision on whether a state protects PD (P14). */
  COUNTRY_DECISION: 'COUNTRY_DECISION',
  /** A subject's PD sent to a third party, or refused before it was sent (P8, P13, P14). */
  PD_TRANSFER: 'PD_TRANSFER',
  /** A verifier's result recorded on the subject (P5); FAILED flags them. */
  SUBJECT_VERIFICATION: 'SUBJECT_VERIFICATION',
  /**
   * A sign-in of any kind (staff, client token, subject). ALLOWED names the account as
   * actor and target; DENIED has no actor (nobody proved who they are) and names the
   * account as target when one matched, else `identifierHash` (never the typed text).
   */
  SIGN_IN: 'SIGN_IN',
  /** A session ended by its holder (`POST /auth/logout`). */
  SIGN_OUT: 'SIGN_OUT',
  /** The Billing registered a subject (P12): the PD fields given, never their values. */
  SUBJECT_REGISTER: 'SUBJECT_REGISTER',
  /** The Billing reported a contract state (P7); `fields` is `['contractState']`. */
  CONTRACT_REPORT: 'CONTRACT_REPORT',
  /** A site visit recorded (P4.1); `targetId` is the visit. */
  VISIT_RECORD: 'VISIT_RECORD',
  /** An administrator registered a webhook endpoint for a client (issue 14 §4); `targetId` is it. */
  WEBHOOK_CREATE: 'WEBHOOK_CREATE',
  /** Its url, events or activation changed; `fields` names which. */
  WEBHOOK_UPDATE: 'WEBHOOK_UPDATE',
  /** Deleted, with its queued deliveries. */
  WEBHOOK_DELETE: 'WEBHOOK_DELETE',
  /** A new signing secret issued for it (shown once); the old one signs nothing more. */
  WEBHOOK_SECRET_ROTATE: 'WEBHOOK_SECRET_ROTATE',
  /** A delivery queued again by an administrator; `targetId` is the delivery. */
  WEBHOOK_REDELIVER: 'WEBHOOK_REDELIVER',
  /** Visits past VISIT_RETENTION_DAYS deleted by the system; `reason` says how many. */
  VISITS_PURGE: 'VISITS_PURGE',
  /** A consent given (P12, P14, P15.9); `targetId` is the consent record, `fields` its purpose. */
  CONSENT_GIVE: 'CONSENT_GIVE',
  /** Consents withdrawn (P15.8); `fields` names every purpose withdrawn with it. */
  CONSENT_WITHDRAW: 'CONSENT_WITHDRAW',
  /** A subject changing their own password in the cabinet. */
  SUBJECT_PASSWORD_CHANGE: 'SUBJECT_PASSWORD_CHANGE',
  /** A privacy policy version published (P20); `targetId` is the version. */
  POLICY_PUBLISH: 'POLICY_PUBLISH',
  /**
   * `keys:rotate` on the server: subjects' data keys re-wrapped, webhook secrets and stored
   * idempotent answers re-sealed onto MASTER_KEY_ID (`reason` says how many of each).
   */
  KEYS_ROTATE: 'KEYS_ROTATE',
  /** `backup` on the server: the whole database to an encrypted file, registered as a BACKUP medium (`targetId`). */
  BACKUP_CREATE: 'BACKUP_CREATE',
  /**
   * `restore` on the server, in the restored trail: which backup (`targetId`, its medium
   * id), and in `reason` how many erasures the ledger re-applied, or that it ran without
   * the ledger (`--without-ledger`: erasures after the backup were not re-applied).
   */
  BACKUP_RESTORE: 'BACKUP_RESTORE',
  /** At a restore, an erasure newer than the backup re-applied from the erasure ledger (P15.7). */
  ERASURE_REAPPLY: 'ERASURE_REAPPLY',
  /** The registry chain: a new lane of the trail opened (`targetId` is the lane). */
  AUDIT_LANE_OPEN: 'AUDIT_LANE_OPEN',
  /** A lane ended by its own instance at shutdown: its last entry, in the lane and the registry. */
  AUDIT_LANE_CLOSE: 'AUDIT_LANE_CLOSE',
  /** A lane whose instance went quiet, sealed at its database head by another instance. */
  AUDIT_LANE_SEAL: 'AUDIT_LANE_SEAL',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];
export const AUDIT_ACTIONS = Object.values(AuditAction);

export const AuditOutcome = { ALLOWED: 'ALLOWED', DENIED: 'DENIED' } as const;
export type AuditOutcome = (typeof AuditOutcome)[keyof typeof AuditOutcome];
export const AUDIT_OUTCOMES = Object.values(AuditOutcome);

/** Who acted: the three principal kinds, and the service itself (bootstrap, jobs). */
export const ActorKind = {
  STAFF: 'staff',
  CLIENT: 'client',
  SUBJECT: 'subject',
  SYSTEM: 'system',
} as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];
export const ACTOR_KINDS = Object.values(ActorKind);

/** What verification found wrong with an entry, and what that means was done to the trail. */
export const AuditProblem = {
  /** The entry's content no longer matches its hash: it was edited. */
  HASH_MISMATCH: 'HASH_MISMATCH',
  /** Sequence numbers skip before this entry: entries were deleted. */
  SEQUENCE_GAP: 'SEQUENCE_GAP',
  /** The entry does not link to the one before it: entries were inserted or reordered. */
  LINK_BROKEN: 'LINK_BROKEN',
  /** The chain ends before its last checkpoint, or has none: its tail was cut. */
  CHECKPOINT_MISSING: 'CHECKPOINT_MISSING',
  /**
   * The chain's checkpoint is not signed with AUDIT_HMAC_KEY, or names an entry the chain
   * does not hold: it was edited, for instance lowered to hide a cut tail.
   */
  CHECKPOINT_FORGED: 'CHECKPOINT_FORGED',
  /** The registry lists a lane whose checkpoint row is gone: the lane was deleted. */
  LANE_MISSING: 'LANE_MISSING',
  /** A lane the registry does not list: inserted, or its registration was removed. */
  LANE_UNREGISTERED: 'LANE_UNREGISTERED',
  /** A lane's seal disagrees with the registry or its entries: entries after it, or it was undone. */
  SEAL_BROKEN: 'SEAL_BROKEN',
  /** An anchor saw this lane up to an entry the trail no longer holds: entries were removed. */
  ANCHOR_NOT_COVERED: 'ANCHOR_NOT_COVERED',
} as const;
export type AuditProblem = (typeof AuditProblem)[keyof typeof AuditProblem];
export const AUDIT_PROBLEMS = Object.values(AuditProblem);
