/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- the document is read as plain JSON: its shape is what these tests check */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorStatus } from '../../src/errors/error-codes';
import { startApp, type TestApp } from '../support/app';
import { contractViolation } from '../support/contract';
import { bearer } from '../support/actors';
import { registerSubject, setUpBilling, subjectLogin } from '../support/subjects';
import { ADMIN_EMAIL } from '../support/test-env';

type Json = Record<string, any>;
const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as Json;
const operations = Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
  Object.entries(methods as Json).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${path}`,
    method,
    operation: operation as Json,
  })),
);
const errorCodes = (response: Json): string[] =>
  response.content?.['application/json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? [];

describe('The committed contract, openapi.json (issue 14)', () => {
  it('names every operation with a verb, and gives it a summary, tags and its security', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const badly = operations.filter(
      ({ operation }) =>
        !/^(get|list|create|register|report|record|sign|change|issue|revoke|grant|publish|search|read|open|lift|file|assign|complete|reject|verify|propose|approve|enrol|update|reset|confirm|check|give|withdraw|decide|rotate|delete|redeliver)[A-Z]\w*$/.test(
          operation.operationId,
        ) ||
        !operation.summary ||
        !operation.tags?.length ||
        !Array.isArray(operation.security),
    );
    expect(badly.map((op) => op.name)).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(80);
  });

  it('types every success body, and declares public operations with security: []', () => {
    for (const { name, operation } of operations) {
      const ok = Object.entries(operation.responses as Json).filter(([status]) => status < '300');
      expect({ name, successes: ok.length }).toEqual({ name, successes: 1 });
      const [status, response] = ok[0];
      if (status !== '204')
        expect({ name, typed: !!response.content }).toEqual({ name, typed: true });
      if (operation['x-access'][0] === 'public') expect(operation.security).toEqual([]);
    }
    const pdf = doc.paths['/api/v1/me/report.pdf'].get.responses['200'].content;
    expect(Object.keys(pdf)).toEqual(['application/pdf']);
  });

  it('declares every error with the error schema, the codes of its status, and X-Request-Id; Retry-After on 429 and 503', () => {
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        expect({ name, status, requestId: !!response.headers?.['X-Request-Id'] }).toEqual({
          name,
          status,
          requestId: true,
        });
        if (Number(status) < 400) continue;
        const codes = errorCodes(response);
        expect(codes.length).toBeGreaterThan(0);
        for (const code of codes)
          expect(ErrorStatus[code as keyof typeof ErrorStatus]).toBe(Number(status));
        if (status === '429' || status === '503')
          expect(response.headers['Retry-After']).toBeDefined();
      }
      expect(errorCodes(operation.responses['400'])).toContain('VALIDATION_FAILED');
      if (operation.security.length) {
        expect(errorCodes(operation.responses['401'])).toEqual(['UNAUTHENTICATED']);
        expect(errorCodes(operation.responses['403'])).toContain('FORBIDDEN_ROLE');
      }
    }
  });

  it('gives ids the uuid format and times date-time', () => {
    const schemas = doc.components.schemas as Json;
    expect(schemas.StaffView.properties.id.format).toBe('uuid');
    expect(schemas.AccessOrderView.properties.holderId.format).toBe('uuid');
    expect(schemas.IncidentView.properties.openedAt.format).toBe('date-time');
    const idParams = operations.flatMap(({ operation }) =>
      (operation.parameters ?? []).filter((p: Json) => p.in === 'path' && p.name === 'id'),
    );
    expect(idParams.length).toBeGreaterThan(20);
    expect(idParams.every((p: Json) => p.schema.format === 'uuid')).toBe(true);
  });
});

describe('Every answer a test receives is checked against the contract (issue 14)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' } });
  });
  afterAll(() => t.close());

  it('passes a described answer, and refuses one the contract does not describe', async () => {
    const response = await t.http().get('/api/v1/policy-versions/current');
    expect(contractViolation('get', '/api/v1/policy-versions/current', response)).toBeNull();
    const undeclared = { ...response, status: 418 } as typeof response;
    expect(contractViolation('get', '/api/v1/policy-versions/current', undeclared)).toMatch(
      /does not declare/,
    );
    const wrongCode = {
      ...response,
      body: { ...response.body, code: 'ORDER_CAP_REACHED' },
    } as typeof response;
    expect(contractViolation('get', '/api/v1/policy-versions/current', wrongCode)).toMatch(
      /does not describe/,
    );
    const noRequestId = { ...response, headers: {} } as typeof response;
    expect(contractViolation('get', '/api/v1/policy-versions/current', noRequestId)).toMatch(
      /X-Request-Id/,
    );
  });

  it('types pd field by field in its category, closed, and refuses an answer with a wrong pd shape (P4.2, P10)', async () => {
    const pd = doc.components.schemas.PdView as Json;
    expect(pd.additionalProperties).toBe(false);
    expect(doc.components.schemas.IdDocumentView.additionalProperties).toBe(false);
    expect(Object.keys(pd.properties as Json).sort()).toEqual(
      [
        'bankName',
        'cardNumber',
        'email',
        'givenName',
        'iban',
        'idDocument',
        'iin',
        'patronymic',
        'phone',
        'surname',
      ].sort(),
    );
    const withheld = doc.components.schemas.StaffSubjectView.properties.withheld as Json;
    expect(withheld.items.enum).toEqual([
      'IDENTITY',
      'CONTACT',
      'BANKING',
      'ID_DOCUMENT',
      'TECHNICAL',
    ]);

    const billing = await setUpBilling(t);
    const subject = await registerSubject(t, billing);
    const me = await t
      .http()
      .get('/api/v1/me')
      .set(bearer(await subjectLogin(t, subject.email)));
    expect(me.status).toBe(200);
    expect(contractViolation('get', '/api/v1/me', me)).toBeNull();
    const withPd = (pd: unknown) => ({ ...me, body: { ...me.body, pd } }) as typeof me;
    const real = me.body.pd as Json;
    for (const wrong of [
      { ...real, nickname: 'Ака' },
      { ...real, email: 42 },
      { ...real, surname: null },
      { ...real, idDocument: { ...real.idDocument, scan: 'data:' } },
      { ...real, cardNumber: '4111111111111111' },
      'Ахметова',
    ]) {
      expect(contractViolation('get', '/api/v1/me', withPd(wrong))).toMatch(/\/pd/);
    }
  });

  it('answers a throttled sign-in 429 TOO_MANY_ATTEMPTS with Retry-After, as declared', async () => {
    const attempt = () =>
      t
        .http()
        .post('/api/v1/auth/staff/login')
        .send({ email: ADMIN_EMAIL, password: 'wrong-wrong-wrong-1' });
    await attempt();
    await attempt();
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
