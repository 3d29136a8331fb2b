/**
 * The closed vocabularies of data requests: the subject's rights as the policy names
 * them (P15.1–P15.7, P7), and the workflow every request goes through.
 */

/** What the subject asks for. */
export const RequestType = {
  /** P15.1–P15.3: confirmation, purposes, sources, methods, the list of PD, terms, recipients. */
  INFORMATION: 'INFORMATION',
  /** P15.5: supplement or change PD, with the proposed values and supporting documents. */
  RECTIFICATION: 'RECTIFICATION',
  /** P15.6: block PD because the conditions of collection or processing were breached. */
  BLOCKING: 'BLOCKING',
  /** Lifts a block once its ground is gone. */
  UNBLOCKING: 'UNBLOCKING',
  /** P15.7, P7: delete (depersonalize) PD. */
  DELETION: 'DELETION',
} as const;
export type RequestType = (typeof RequestType)[keyof typeof RequestType];
export const REQUEST_TYPES = Object.values(RequestType);

/** SUBMITTED → IN_REVIEW → COMPLETED | REJECTED; SUBMITTED may also be rejected at once. */
export const RequestStatus = {
  SUBMITTED: 'SUBMITTED',
  IN_REVIEW: 'IN_REVIEW',
  COMPLETED: 'COMPLETED',
  REJECTED: 'REJECTED',
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];
export const REQUEST_STATUSES = Object.values(RequestStatus);

/** The statuses a request may move to from each status. */
export const NEXT_STATUSES: Record<RequestStatus, readonly RequestStatus[]> = {
  SUBMITTED: [RequestStatus.IN_REVIEW, RequestStatus.REJECTED],
  IN_REVIEW: [RequestStatus.IN_REVIEW, RequestStatus.COMPLETED, RequestStatus.REJECTED],
  COMPLETED: [],
  REJECTED: [],
};

/** How a request reached the Organization: the cabinet, or support on the subject's behalf (P6). */
export const RequestChannel = {
  CABINET: 'CABINET',
  SUPPORT: 'SUPPORT',
  PHONE: 'PHONE',
  LETTER: 'LETTER',
  EMAIL: 'EMAIL',
  IN_PERSON: 'IN_PERSON',
} as const;
export type RequestChannel = (typeof RequestChannel)[keyof typeof RequestChannel];
/** What a compliance officer may record when filing for a subject. */
export const STAFF_CHANNELS = Object.values(RequestChannel).filter(
  (channel) => channel !== RequestChannel.CABINET,
);
