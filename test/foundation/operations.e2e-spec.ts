import request from 'supertest';
import { Scope } from '../../src/clients/scopes';
import { adminLogin, bearer, createClient } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { spawnInstance } from '../support/instance';
import { ADMIN_PASSWORD } from '../support/test-env';

describe('Operations: health, docs, headers, request ids, logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { LOG_LEVEL: 'trace' } });
  });
  afterAll(() => t.close());

  it('reports liveness and the database at /api/v1/health', async () => {
    const response = await t.http().get('/api/v1/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.info.database.status).toBe('up');
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    const ui = await t.http().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const json = await t.http().get('/docs/json');
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.components.securitySchemes).sort()).toEqual([
      'client',
      'staff',
      'subject',
    ]);
  });

  it('sends security headers on every answer', async () => {
    const response = await t.http().get('/api/v1/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('returns a request id, keeps a well-formed one from the caller, and logs it', async () => {
    const fresh = await t.http().get('/api/v1/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.http().get('/api/v1/health').set('x-request-id', 'billing-req-000123');
    expect(kept.headers['x-request-id']).toBe('billing-req-000123');
    const forged = await t.http().get('/api/v1/health').set('x-request-id', '<script>');
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const logged = t.logs.lines.map((line) => JSON.parse(line) as { requestId?: string });
    expect(logged.some((line) => line.requestId === 'billing-req-000123')).toBe(true);
  });

  it('never logs a password, a token, a client secret or a query string', async () => {
    const admin = await adminLogin(t);
    const client = await createClient(t, [Scope.CONSENTS_READ], admin);
    await t.http().get('/api/v1/staff?role=AUDITOR&active=true').set(bearer(admin));
    await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: 'who@pd.test', password: 'a-wrong-password-x' });
    const logs = t.logs.text();
    expect(t.logs.lines.length).toBeGreaterThan(5);
    for (const secret of [
      ADMIN_PASSWORD,
      'a-wrong-password-x',
      admin,
      client.secret,
      client.token,
      'role=AUDITOR',
      'who@pd.test',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const instance = await spawnInstance({ ...t.env, LOG_LEVEL: 'info' });
    expect((await request(instance.url).get('/api/v1/health')).status).toBe(200);
    const exit = await instance.stop();
    expect(exit).toBe(0);
    expect(instance.output()).toContain('Received SIGTERM: finishing in-flight requests');
    expect(instance.output()).toContain('"msg":"Stopped"');
  });
});
