import createFetchClient, { type Client } from 'openapi-fetch';
import { type Credentials, TokenCache } from './auth';
import { retryingFetch, type RetryOptions } from './retry';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';
export { SignInError, TokenCache, type Credentials } from './auth';
export { IDEMPOTENCY_HEADER, retryAfterMs, retryingFetch, type RetryOptions } from './retry';
export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  signPayload,
  verifyWebhook,
  type VerifyOptions,
  type VerifyResult,
} from './webhooks';

export interface ClientOptions extends Credentials {
  /** The service's origin, e.g. `https://pd.example.kz`. */
  baseUrl: string;
  retry?: RetryOptions;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export type PdClient = Client<paths>;

/**
 * A typed client of the whole API (every path and body from openapi.json) signed in as a
 * service client: each request carries a cached token, renewed before it expires and
 * once more when the service answers 401; 429 and 503 are retried after Retry-After;
 * writes carry an Idempotency-Key. Answers are `{ data, error, response }`: `error.code`
 * is narrowed to the codes the operation can return.
 */
export function createPdClient(options: ClientOptions): PdClient {
  const send = retryingFetch(options.fetch ?? fetch, options.retry);
  const tokens = new TokenCache(options.baseUrl, options, send);
  const authorised = async (request: Request): Promise<Response> => {
    const body = request.body ? await request.arrayBuffer() : undefined;
    const attempt = async () => {
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${await tokens.get()}`);
      return send(
        new Request(request.url, { method: request.method, headers, body, signal: request.signal }),
      );
    };
    const response = await attempt();
    if (response.status !== 401) return response;
    // A token revoked or expired early on the server's clock: sign in once more.
    tokens.clear();
    return attempt();
  };
  return createFetchClient<paths>({ baseUrl: options.baseUrl, fetch: authorised });
}
