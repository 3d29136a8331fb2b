import { signatureHeader } from '../../../src/webhooks/signature';
import { bearer } from '../../../test/support/actors';
import { EXPORT_ALL, grantClient } from '../../../test/support/access';
import { driver, startApp, type TestApp } from '../../../test/support/app';
import { type Instance, spawnInstance } from '../../../test/support/instance';
import { type Billing, setUpBilling, subjectBody } from '../../../test/support/subjects';
import { createParty, partyBody } from '../../../test/third-parties/helpers';
import {
  createPdClient,
  IDEMPOTENCY_HEADER,
  retryAfterMs,
  retryingFetch,
  signPayload,
  TokenCache,
  verifyWebhook,
} from '../src';

/** The global fetch, counting what passes through it and able to fail on demand. */
function recordingFetch() {
  const seen: Request[] = [];
  const faults: Array<'network' | Response> = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    seen.push(request.clone());
    const fault = faults.shift();
    if (fault === 'network') throw new TypeError('fetch failed');
    if (fault) return fault;
    return fetch(request);
  };
  return { seen, faults, impl };
}

describe(`The Billing's client package against a real instance (${driver})`, () => {
  let t: TestApp;
  let instance: Instance;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    await grantClient(t, billing.officerToken, billing.clientId, EXPORT_ALL);
    instance = await spawnInstance(t.env);
  });
  afterAll(async () => {
    await instance?.stop();
    await t.close();
  });

  const client = (impl: typeof fetch) =>
    createPdClient({
      baseUrl: instance.url,
      clientId: billing.clientId,
      clientSecret: billing.clientSecret,
      fetch: impl,
      retry: { baseDelayMs: 5 },
    });

  it('signs in once, registers, reports the contract, checks consent and records a transfer (P12, P7, P13)', async () => {
    const wire = recordingFetch();
    const api = client(wire.impl);
    const registered = await api.POST('/api/v1/subjects', {
      body: subjectBody(billing.policyVersionId) as never,
    });
    expect(registered.error).toBeUndefined();
    const subjectId = registered.data!.id;
    const contract = await api.PUT('/api/v1/subjects/{id}/contract', {
      params: { path: { id: subjectId } },
      body: { state: 'ACTIVE', at: new Date().toISOString() },
    });
    expect(contract.data?.state).toBe('ACTIVE');
    const consent = await api.GET('/api/v1/subjects/{id}/consents/check', {
      params: { path: { id: subjectId }, query: { purpose: 'PD_PROCESSING' } },
    });
    expect(consent.data?.allowed).toBe(true);
    const party = await createParty(t, billing.officerToken, partyBody(t));
    const transfer = await api.POST('/api/v1/transfers', {
      body: {
        subjectId,
        thirdPartyId: party.id,
        categories: ['IDENTITY'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        lawReference: null,
      },
    });
    expect(transfer.error).toBeUndefined();
    expect(transfer.data?.subjectId).toBe(subjectId);
    const signIns = wire.seen.filter((r) => r.url.endsWith('/auth/clients/token'));
    expect(signIns).toHaveLength(1);
    const writes = wire.seen.filter((r) => r.method === 'POST' || r.method === 'PUT');
    for (const write of writes.filter((r) => !r.url.endsWith('/auth/clients/token'))) {
      expect(write.headers.get(IDEMPOTENCY_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("narrows error.code to the operation's codes", async () => {
    const api = client(fetch);
    const missing = await api.GET('/api/v1/subjects/{id}/consents/check', {
      params: {
        path: { id: '00000000-0000-4000-8000-000000000000' },
        query: { purpose: 'PD_PROCESSING' },
      },
    });
    expect(missing.response.status).toBe(404);
    if (!missing.error) throw new Error('expected an error');
    type CheckConsentCode =
      | 'NOT_FOUND'
      | 'VALIDATION_FAILED'
      | 'UNAUTHENTICATED'
      | 'FORBIDDEN_ROLE'
      | 'ACCOUNT_SUSPENDED'
      | 'URI_TOO_LONG'
      | 'HEADERS_TOO_LARGE'
      | 'INTERNAL_ERROR'
      | 'SERVICE_UNAVAILABLE';
    const code: CheckConsentCode | undefined = missing.error.code;
    expect(code).toBe('NOT_FOUND');
    // @ts-expect-error: checkConsent never answers ORDER_CAP_REACHED, so the type refuses it
    expect(missing.error.code === 'ORDER_CAP_REACHED').toBe(false);
  });

  it('retries a 503 after its Retry-After with the same Idempotency-Key, so a registration is not done twice', async () => {
    const wire = recordingFetch();
    const api = client(wire.impl);
    await api.GET('/api/v1/policy-versions/current'); // signs in first
    wire.faults.push(new Response('{}', { status: 503, headers: { 'retry-after': '0' } }));
    const registered = await api.POST('/api/v1/subjects', {
      body: subjectBody(billing.policyVersionId) as never,
    });
    expect(registered.response.status).toBe(201);
    const tries = wire.seen.filter((r) => r.url.endsWith('/api/v1/subjects'));
    expect(tries).toHaveLength(2);
    expect(tries[1].headers.get(IDEMPOTENCY_HEADER)).toBe(tries[0].headers.get(IDEMPOTENCY_HEADER));
    expect(await tries[1].text()).toBe(await tries[0].text());
  });

  it('retries an idempotent call after a network error, and gives up after the attempts allowed', async () => {
    const wire = recordingFetch();
    const api = client(wire.impl);
    await api.GET('/api/v1/policy-versions/current');
    wire.faults.push('network');
    const again = await api.GET('/api/v1/policy-versions/current');
    expect(again.response.status).toBe(200);
    wire.faults.push('network', 'network', 'network', 'network');
    await expect(api.GET('/api/v1/policy-versions/current')).rejects.toThrow('fetch failed');
  });

  it('honours Retry-After on 429 (seconds or a date) and waits a jittered backoff without one', async () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(retryAfterMs(null)).toBeNull();
    let calls = 0;
    const started = Date.now();
    const send = retryingFetch(
      () =>
        Promise.resolve(
          ++calls === 1
            ? new Response('{}', { status: 429, headers: { 'retry-after': '1' } })
            : new Response('{}', { status: 200 }),
        ),
      { baseDelayMs: 1 },
    );
    expect((await send(new Request(`${instance.url}/x`))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('renews the token before it expires, and signs in again when the service refuses it', async () => {
    let now = Date.now();
    const wire = recordingFetch();
    const tokens = new TokenCache(
      instance.url,
      { clientId: billing.clientId, clientSecret: billing.clientSecret },
      wire.impl,
      () => now,
    );
    const first = await tokens.get();
    expect(await tokens.get()).toBe(first);
    now += 60 * 60 * 1000; // past any token lifetime
    const renewed = await tokens.get();
    expect(renewed).not.toBe(first);
    expect(wire.seen).toHaveLength(2);
    const refused = await fetch(`${instance.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: bearer(renewed),
    });
    expect(refused.status).toBe(204);
    const api = client(fetch);
    expect((await api.GET('/api/v1/policy-versions/current')).response.status).toBe(200);
  });
});

describe("The client's webhook check (the service's signature, src/webhooks/signature.ts)", () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ id: 'evt', type: 'consent.withdrawn' });
  const now = Math.floor(Date.now() / 1000);

  it('accepts what the service signs, and the service signs what the client computes', () => {
    const header = signatureHeader(secret, now, body);
    expect(verifyWebhook({ payload: body, header, secret, now })).toEqual({
      valid: true,
      timestamp: now,
    });
    expect(signPayload(body, secret, now)).toBe(header);
  });

  it('refuses a replay older than five minutes, a changed body, another secret and a malformed header', () => {
    const old = signatureHeader(secret, now - 301, body);
    expect(verifyWebhook({ payload: body, header: old, secret, now })).toEqual({
      valid: false,
      reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
    });
    const header = signatureHeader(secret, now, body);
    expect(verifyWebhook({ payload: `${body} `, header, secret, now }).valid).toBe(false);
    expect(verifyWebhook({ payload: body, header, secret: 'whsec_other', now }).valid).toBe(false);
    expect(verifyWebhook({ payload: body, header: 'v1=abc', secret, now }).valid).toBe(false);
    expect(verifyWebhook({ payload: body, header: undefined, secret, now }).valid).toBe(false);
  });
});
