/** IN_PROGRESS: a request holds the key. COMPLETED: its answer is stored for replay. */
export const IdempotencyStatus = { IN_PROGRESS: 'IN_PROGRESS', COMPLETED: 'COMPLETED' } as const;
export type IdempotencyStatus = (typeof IdempotencyStatus)[keyof typeof IdempotencyStatus];

/** The request header, as the IETF draft and Stripe name it. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** On a replayed answer. */
export const REPLAYED_HEADER = 'idempotent-replayed';
