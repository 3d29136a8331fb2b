import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { signatureHeader, SIGNATURE_HEADER } from './signature';
import { resolveTarget, type TargetRules } from './target-guard';

/** One attempt is cut off after this: a slow receiver cannot hold a claim for long. */
export const SEND_TIMEOUT_MS = 10_000;

export type SendOutcome =
  | { delivered: true; statusCode: number }
  | { delivered: false; code: string; statusCode: number | null };

/**
 * POSTs one signed event. The target is resolved and checked now (target-guard), and the
 * connection is made to the address that was checked. Redirects are not followed (a 3xx
 * is a failure: it could point anywhere). The receiver's body is read and dropped.
 */
export async function sendEvent(
  url: string,
  body: string,
  secret: string,
  rules: TargetRules,
  now: Date,
): Promise<SendOutcome> {
  let target: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    target = await resolveTarget(url, rules);
  } catch {
    return { delivered: false, code: 'DNS_FAILED', statusCode: null };
  }
  if ('refused' in target) return { delivered: false, code: target.refused, statusCode: null };
  const { address, family } = target;
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const timestamp = Math.floor(now.getTime() / 1000);
  return new Promise((resolve) => {
    const outgoing = send(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: SEND_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'pd-back-office-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
        },
      },
      (response) => {
        response.resume();
        const statusCode = response.statusCode ?? 0;
        response.on('end', () =>
          resolve(
            statusCode >= 200 && statusCode < 300
              ? { delivered: true, statusCode }
              : { delivered: false, code: `HTTP_${statusCode}`, statusCode },
          ),
        );
        response.on('error', () =>
          resolve({ delivered: false, code: 'CONNECTION_LOST', statusCode }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        delivered: false,
        code: error.message === 'timeout' ? 'TIMEOUT' : (error.code ?? 'CONNECTION_FAILED'),
        statusCode: null,
      }),
    );
    outgoing.end(body);
  });
}
