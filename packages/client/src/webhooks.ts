import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header each event is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'X-PD-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signPayload(payload: string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export interface VerifyOptions {
  /** The raw body as received, before any JSON parsing. */
  payload: string;
  /** The X-PD-Signature header. */
  header: string | null | undefined;
  /** The endpoint's signing secret, shown once when the webhook was registered. */
  secret: string;
  /** Older (or newer) signatures than this are refused as replays. Default 300 s. */
  toleranceSeconds?: number;
  /** Unix seconds; default now. */
  now?: number;
}

export type VerifyResult =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'MALFORMED' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'SIGNATURE_MISMATCH' };

/**
 * The service signs with src/webhooks/signature.ts; this is the same algorithm for the
 * receiving side, in the package so the Billing needs nothing else (the package's tests
 * check each against the other).
 * Checks an event's signature the way Stripe's are checked: the HMAC of "t.body" under the
 * secret, compared in constant time, and a timestamp within the tolerance so a captured
 * event cannot be replayed later. Any `v1` in the header may match (a secret being rotated).
 */
export function verifyWebhook(options: VerifyOptions): VerifyResult {
  if (!options.header) return { valid: false, reason: 'MALFORMED' };
  const parts = options.header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value);
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? '') || !signatures.length) {
    return { valid: false, reason: 'MALFORMED' };
  }
  const timestamp = Number(timestamps[0]);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { valid: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  }
  const expected = Buffer.from(
    signPayload(options.payload, options.secret, timestamp).slice(-64),
    'hex',
  );
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'SIGNATURE_MISMATCH' };
}
