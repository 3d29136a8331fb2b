import type { Operation } from './openapi-document';
import type { GeneratedRequest } from './openapi-requests';

/* What a generated request carries, and its URL. */

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every string a request carries (values, not keys): none of them may come back in an error. */
export function submittedStrings(request: GeneratedRequest): string[] {
  const found: string[] = [...Object.values(request.path), ...request.query.map(([, v]) => v)];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) Object.values(value).forEach(walk);
  };
  if (request.body.kind === 'json') walk(request.body.value);
  if (request.body.kind === 'raw') {
    const { contentType, text } = request.body;
    if (contentType === 'application/x-www-form-urlencoded') {
      found.push(...text.split('&').map((pair) => decodedOrAsIs(pair.split('=')[1] ?? '')));
    } else {
      // JSON, perhaps cut short: its string literals that are not keys.
      for (const [literal, colon] of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g)) {
        if (colon) continue;
        try {
          walk(JSON.parse(literal));
        } catch {
          // a literal the cut left unterminated is no value
        }
      }
    }
  }
  if (request.headers['x-access-reason']) found.push(request.headers['x-access-reason']);
  return found;
}

function decodedOrAsIs(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** Every key a request carries (query names, body keys): the names an error may repeat. */
export function submittedKeys(request: GeneratedRequest): string[] {
  const found: string[] = request.query.map(([key]) => key);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) {
      found.push(...Object.keys(value));
      Object.values(value).forEach(walk);
    }
  };
  if (request.body.kind === 'json') walk(request.body.value);
  return found;
}

/** Percent-encodes the UTF-8 bytes of any string, lone surrogates included. */
export const percentEncoded = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

export function urlOf(op: Operation, request: GeneratedRequest): string {
  const path = op.route.replace(/:(\w+)/g, (_, name: string) =>
    percentEncoded(request.path[name] ?? ''),
  );
  const query = request.query.map(([k, v]) => `${percentEncoded(k)}=${percentEncoded(v)}`);
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}
