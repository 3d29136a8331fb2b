/** The events a webhook can subscribe to (issue 14 §4, DESIGN.md "Routes"). */
export const WebhookEvent = {
  CONSENT_GRANTED: 'consent.granted',
  CONSENT_WITHDRAWN: 'consent.withdrawn',
  SUBJECT_BLOCKED: 'subject.blocked',
  SUBJECT_UNBLOCKED: 'subject.unblocked',
  SUBJECT_VERIFICATION_FAILED: 'subject.verification_failed',
  SUBJECT_DEPERSONALIZED: 'subject.depersonalized',
  POLICY_PUBLISHED: 'policy.published',
  CONTRACT_STATE_CHANGED: 'contract.state_changed',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];
export const WEBHOOK_EVENTS = Object.values(WebhookEvent);

/**
 * PENDING: waiting for its next attempt. SENDING: claimed by one instance until its lease
 * ends. DELIVERED: the receiver answered 2xx. FAILED: WEBHOOK_MAX_ATTEMPTS used up.
 */
export const DeliveryStatus = {
  PENDING: 'PENDING',
  SENDING: 'SENDING',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];
export const DELIVERY_STATUSES = Object.values(DeliveryStatus);

/**
 * What an event's `data` may hold: ids, purposes, states, codes and times, never PD.
 * Each emitter passes only these keys; the type keeps a name or an email out.
 */
export type EventData = Record<string, string | boolean | string[] | null>;
