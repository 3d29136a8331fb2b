/**
 * The stable, machine-readable error codes other systems integrate against (DESIGN.md,
 * "Errors"), each with the HTTP status it is always sent with.
 */
export const ErrorStatus = {
  VALIDATION_FAILED: 400,
  PURPOSE_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN_ROLE: 403,
  ACCESS_ORDER_REQUIRED: 403,
  PLEDGE_REQUIRED: 403,
  ACCOUNT_SUSPENDED: 403,
  SUBJECT_BLOCKED: 403,
  NOT_FOUND: 404,
  /** The path exists, not with this method. */
  METHOD_NOT_ALLOWED: 405,
  /** The request did not arrive in time (Node's request timeout). */
  REQUEST_TIMEOUT: 408,
  ALREADY_EXISTS: 409,
  LAST_ACTIVE_ADMIN: 409,
  CONCURRENT_CHANGE: 409,
  /** ADMIN together with a PD role (COMPLIANCE_OFFICER, OPERATOR): four eyes (P9, P10). */
  ROLE_CONFLICT: 409,
  /** The step does not follow from the current state (a request already closed, a change no longer pending). */
  INVALID_STATE: 409,
  /** An Idempotency-Key sent again with another request (issue 14 §3). */
  IDEMPOTENCY_KEY_REUSED: 409,
  /** An Idempotency-Key whose first request has not finished. */
  IDEMPOTENCY_IN_PROGRESS: 409,
  SELF_ISSUE_FORBIDDEN: 409,
  ORDER_CAP_REACHED: 409,
  EMPLOYEE_INACTIVE: 409,
  CONTRACT_OBLIGATIONS_OUTSTANDING: 409,
  POLICY_NOT_ACCEPTED: 409,
  CONSENT_REQUIRED: 409,
  CROSS_BORDER_CONSENT_REQUIRED: 409,
  COUNTRY_NOT_PROTECTING: 409,
  NO_CONFIDENTIALITY_AGREEMENT: 409,
  /** The third party is suspended in the registry: it receives nothing. */
  THIRD_PARTY_SUSPENDED: 409,
  /** A category the third party's agreement does not let it receive. */
  CATEGORY_NOT_AGREED: 409,
  /** A verification result from a third party whose role is not VERIFIER (P5). */
  NOT_A_VERIFIER: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_ATTEMPTS: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  /** Retry later (Retry-After): the database stayed in conflict, or the instance is draining. */
  SERVICE_UNAVAILABLE: 503,
  /** A key the data is sealed under is not configured on this instance (MASTER_KEYS). */
  KEY_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

export const ErrorCode = Object.fromEntries(
  Object.keys(ErrorStatus).map((code) => [code, code]),
) as { readonly [C in ErrorCode]: C };
