import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../packages/client/src/schema';

export type Schemas = components['schemas'];
export type Role = Schemas['StaffView']['roles'][number];

/**
 * The console's one client of the API, typed by the committed document. The staff token
 * lives here, in memory only: never in storage, a cookie or the URL; a reload signs in
 * again.
 */
let token: string | null = null;
let onSignedOut: (() => void) | null = null;

const bearer: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // The session ended on the server (expired, revoked, signed out elsewhere).
    if (response.status === 401 && token) forgetSession();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(bearer);

export function startSession(accessToken: string, signedOut: () => void): void {
  token = accessToken;
  onSignedOut = signedOut;
}

export function hasSession(): boolean {
  return token !== null;
}

function forgetSession(): void {
  token = null;
  const notify = onSignedOut;
  onSignedOut = null;
  notify?.();
}

/** Ends the session on the server (POST /auth/logout), then forgets the token. */
export async function signOut(): Promise<void> {
  if (token) await api.POST('/api/v1/auth/logout').catch(() => undefined);
  forgetSession();
}

/** The error format of DESIGN.md: a stable code and a message without PD. */
export interface ApiError {
  code: string;
  message?: string;
  details?: unknown;
}

export function errorOf(error: unknown): ApiError {
  if (error && typeof error === 'object' && 'code' in error) return error as ApiError;
  return { code: 'NETWORK' };
}

/** GET /console/settings.json (src/console/serve-console.ts). */
export interface ConsoleSettings {
  idleMinutes: number;
  holidays: string[];
  orderCapPerCategory: number;
}

export async function loadSettings(): Promise<ConsoleSettings> {
  const response = await fetch(new URL('/console/settings.json', location.origin));
  if (!response.ok) return { idleMinutes: 15, holidays: [], orderCapPerCategory: 0 };
  return (await response.json()) as ConsoleSettings;
}
