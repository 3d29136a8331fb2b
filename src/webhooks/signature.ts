import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The webhook signature (issue 14 §4), the way Stripe signs: the header
 * `X-PD-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Plain Node, no framework: the client package reuses this file to verify what it
 * receives, so the service and the Billing check one and the same thing.
 */

export const SIGNATURE_HEADER = 'x-pd-signature';
/** A signature older (or further ahead) than this is refused: a replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header's value for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

export type VerifyFailure = 'MALFORMED' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'SIGNATURE_MISMATCH';

export interface VerifyOptions {
  /** Unix seconds; defaults to the local clock. */
  now?: number;
  toleranceSeconds?: number;
}

/**
 * Checks a received webhook: `body` exactly as received (the raw text, not re-serialised
 * JSON), the header's value and the endpoint's secret. Any `v1` in the header may match
 * (several are sent while a secret is being rotated). Compares in constant time.
 */
export function verifySignature(
  body: string,
  header: string | undefined,
  secret: string,
  options: VerifyOptions = {},
): { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure } {
  if (!header) return { ok: false, reason: 'MALFORMED' };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    if (name === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: 'MALFORMED' };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - timestamp) > tolerance) {
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  }
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) =>
    timingSafeEqual(expected, Buffer.from(signature, 'hex')),
  );
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'SIGNATURE_MISMATCH' };
}
