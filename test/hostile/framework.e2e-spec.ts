import { connect } from 'node:net';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

const EMAIL = 'aigerim.akhmetova@example.kz';
const IIN = '900101300007';

/** One raw HTTP exchange, for what a client library would not send (or would refuse to). */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.on('close', () => resolve(answer));
    socket.end(request);
  });
}

const bodyOf = (answer: string): unknown =>
  JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe(`Framework refusals in the error format, repeating nothing (${driver})`, () => {
  let t: TestApp;
  let admin: string;
  let billing: Billing;
  let port: number;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
    billing = await setUpBilling(t);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => t.close());

  const expectClean = (body: unknown, code: string): void => {
    expect(body).toEqual({ statusCode: expect.any(Number), code, message: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/example\.kz|900101300007|aigerim/i);
  };

  it('answers a path parameter too long for the router with 414 URI_TOO_LONG, not the path (P11)', async () => {
    const response = await t
      .http()
      .get(`/api/v1/subjects/${`${EMAIL}-${IIN}-`.repeat(5)}`)
      .set(bearer(admin));
    expect(response.status).toBe(414);
    expectClean(response.body, 'URI_TOO_LONG');
  });

  it('answers a URL over the limit with 414, and one over Node’s header limit with 431, in the format (P11)', async () => {
    const long = await t
      .http()
      .get(`/api/v1/staff?email=${EMAIL.repeat(200)}`)
      .set(bearer(admin));
    expect(long.status).toBe(414);
    expectClean(long.body, 'URI_TOO_LONG');
    const huge = await rawExchange(
      port,
      `GET /api/v1/subjects?iin=${IIN.repeat(2000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(huge.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expectClean(bodyOf(huge), 'HEADERS_TOO_LARGE');
    const headers = await rawExchange(
      port,
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Note: ${EMAIL.repeat(800)}\r\n\r\n`,
    );
    expect(headers.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expectClean(bodyOf(headers), 'HEADERS_TOO_LARGE');
  });

  it('answers bytes that are not HTTP, and a path that does not decode, with 400 in the format (P11)', async () => {
    const garbage = await rawExchange(port, `${EMAIL} ${IIN}\r\n\r\n`);
    expect(garbage.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expectClean(bodyOf(garbage), 'VALIDATION_FAILED');
    const undecodable = await rawExchange(
      port,
      `GET /api/v1/staff/${encodeURIComponent(EMAIL)}%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(undecodable.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expectClean(bodyOf(undecodable), 'VALIDATION_FAILED');
  });

  it('answers an unknown route or method with NOT_FOUND, never echoing the path (P11)', async () => {
    for (const [method, path] of [
      ['get', `/api/v1/${EMAIL}`],
      ['delete', '/api/v1/health'],
      ['put', `/api/v1/subjects/${IIN}/${EMAIL}`],
    ] as const) {
      const response = await t.http()[method](path).set(bearer(admin));
      expect([path, response.status]).toEqual([path, 404]);
      expectClean(response.body, 'NOT_FOUND');
    }
  });

  it('refuses unknown query parameters on every route, with or without a query of its own (P11)', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const auditor = await createStaff(t, [Role.AUDITOR], admin);
    for (const [path, who] of [
      ['/api/v1/health?verbose=1', ''],
      ['/api/v1/me?fields=iin', token],
      ['/api/v1/audit/verify?chain=1', auditor.token],
      ['/api/v1/staff?role=AUDITOR&sort=name', admin],
      [`/api/v1/policy-versions/current?${encodeURIComponent(EMAIL)}=1`, ''],
    ] as const) {
      const call = t.http().get(path);
      if (who) void call.set(bearer(who));
      const response = await call;
      expect([path, response.status, response.body.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      expect(JSON.stringify(response.body)).not.toContain('example.kz');
    }
  });

  it('logs the route a request matched, never the path or query as sent (P11)', async () => {
    await t
      .http()
      .get(`/api/v1/staff/${encodeURIComponent(EMAIL)}`)
      .set(bearer(admin));
    await t.http().get(`/api/v1/subjects?iin=${IIN}`).set(bearer(admin));
    await t.http().get(`/api/v1/nowhere/${IIN}`);
    const logs = t.logs.text();
    expect(logs).not.toContain('example.kz');
    expect(logs).not.toContain(IIN);
    expect(logs).toContain('"route":"/api/v1/staff/:id"');
  });
});
