import { randomUUID } from 'node:crypto';

export interface RetryOptions {
  /** Tries in all, the first included. Default 4. */
  attempts?: number;
  /** The first backoff in milliseconds, doubled on each retry (full jitter). Default 200. */
  baseDelayMs?: number;
  /** No wait is longer than this, Retry-After included. Default 10,000. */
  maxDelayMs?: number;
}

/** Methods that may be sent twice without doing the work twice (RFC 9110, 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RETRIED_STATUSES = new Set([429, 503]);
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Full jitter: a random wait up to the exponential bound (AWS architecture blog). */
export function backoffMs(retry: number, base: number, max: number): number {
  return Math.random() * Math.min(max, base * 2 ** retry);
}

/**
 * A fetch that retries: 429 and 503 after their Retry-After (or a jittered backoff), and a
 * network failure when the request may be repeated (an idempotent method, or a write that
 * carries an Idempotency-Key). Every write gets an Idempotency-Key, the same on every try,
 * so the service recognises a repeat of work it already did.
 */
export function retryingFetch(
  fetchImpl: typeof fetch,
  options: RetryOptions = {},
): (request: Request) => Promise<Response> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  return async (original: Request) => {
    const headers = new Headers(original.headers);
    if (WRITES.has(original.method) && !headers.has(IDEMPOTENCY_HEADER)) {
      headers.set(IDEMPOTENCY_HEADER, randomUUID());
    }
    const body = WRITES.has(original.method) ? await original.arrayBuffer() : undefined;
    const repeatable = IDEMPOTENT.has(original.method) || headers.has(IDEMPOTENCY_HEADER);
    for (let attempt = 1; ; attempt++) {
      const request = new Request(original.url, {
        method: original.method,
        headers,
        body: body && body.byteLength ? body : undefined,
        signal: original.signal,
      });
      let response: Response;
      try {
        response = await fetchImpl(request);
      } catch (error) {
        if (!repeatable || attempt >= attempts || original.signal?.aborted) throw error;
        await sleep(backoffMs(attempt - 1, base, max));
        continue;
      }
      if (!RETRIED_STATUSES.has(response.status) || attempt >= attempts) return response;
      const wait = retryAfterMs(response.headers.get('retry-after'));
      await response.body?.cancel();
      await sleep(Math.min(max, wait ?? backoffMs(attempt - 1, base, max)));
    }
  };
}
