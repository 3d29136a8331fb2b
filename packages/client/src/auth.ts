import type { paths } from './schema';

type TokenAnswer =
  paths['/api/v1/auth/clients/token']['post']['responses'][200]['content']['application/json'];

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** Renew this long before the token expires, so no request goes out with a dying token. */
const RENEW_BEFORE_MS = 30_000;

/**
 * Client-credentials sign-in with the token cached until shortly before it expires. One
 * sign-in at a time: callers that need a token while one is being fetched share it.
 */
export class TokenCache {
  private token: { value: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials,
    private readonly fetchImpl: (request: Request) => Promise<Response>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.value;
    this.pending ??= this.signIn().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Forget the token (the service refused it): the next call signs in again. */
  clear(): void {
    this.token = null;
  }

  private async signIn(): Promise<string> {
    const response = await this.fetchImpl(
      new Request(new URL('/api/v1/auth/clients/token', this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.credentials),
      }),
    );
    if (response.status !== 200) {
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      throw new SignInError(response.status, body.code ?? 'UNKNOWN');
    }
    const answer = (await response.json()) as TokenAnswer;
    const lifetime = answer.expiresIn * 1000;
    this.token = {
      value: answer.accessToken,
      renewAt: this.now() + Math.max(lifetime / 2, lifetime - RENEW_BEFORE_MS),
    };
    return answer.accessToken;
  }
}

export class SignInError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`The service refused the client's sign-in: ${status} ${code}`);
    this.name = 'SignInError';
  }
}
