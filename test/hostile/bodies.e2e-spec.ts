import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { adminLogin, bearer, createClient, createStaff } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import {
  type Billing,
  countRows,
  registerSubject,
  setUpBilling,
  subjectBody,
  subjectLogin,
  SUBJECT_PASSWORD,
} from '../support/subjects';
import { partyBody } from '../third-parties/helpers';

const LONE = '\ud800';
/** JSON text with the escape itself, as an attacker sends it (JSON.stringify would too). */
const withLoneSurrogate = (body: Record<string, unknown>): string =>
  JSON.stringify(body).replace('"@@', `"${'\\ud800'}`);

describe(`Bodies: JSON only, no null where none is meant, nothing sent back (${driver})`, () => {
  let t: TestApp;
  let billing: Billing;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    admin = await adminLogin(t);
  });
  afterAll(() => t.close());

  const expectFormat = (body: Record<string, unknown>, code: string): void => {
    expect(body).toEqual(
      expect.objectContaining({
        statusCode: expect.any(Number),
        code,
        message: expect.any(String),
      }),
    );
  };

  it('refuses a form-encoded sign-in with 415 and repeats none of it (P11)', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .type('form')
      .send('email=who@pd.test&password=form-secret-1234');
    expect(response.status).toBe(415);
    expectFormat(response.body, 'UNSUPPORTED_MEDIA_TYPE');
    expect(JSON.stringify(response.body)).not.toMatch(/who@pd|form-secret/);
    for (const type of ['multipart/form-data; boundary=x', 'text/plain', 'application/xml']) {
      const other = await t
        .http()
        .post('/api/v1/auth/staff/login')
        .set('content-type', type)
        .send('{"email":"who@pd.test"}');
      expect([type, other.status, other.body.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
  });

  it('refuses JSON that is not an object, not UTF-8 or not well-formed, in the error format (P11)', async () => {
    const send = (text: string) =>
      t.http().post('/api/v1/auth/staff/login').set('content-type', 'application/json').send(text);
    for (const text of [
      '[1,2]',
      'null',
      '"secret-text"',
      '{"email": ',
      '{"__proto__": {"x": 1}}',
    ]) {
      const response = await send(text);
      expect([text, response.status]).toEqual([text, 400]);
      expectFormat(response.body, 'VALIDATION_FAILED');
      expect(JSON.stringify(response.body)).not.toContain('secret-text');
    }
    // Raw bytes, which supertest would re-encode: Fastify's inject sends them as they are.
    const latin1 = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/v1/auth/staff/login',
        headers: { 'content-type': 'application/json' },
        payload: Buffer.from('{"email":"\xe9t\xe9@pd.test","password":"p"}', 'latin1'),
      });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Malformed body: it is not UTF-8',
    });
  });

  it('refuses a lone surrogate in an email with 400 on every route that takes one (P11)', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      { categories: ['CONTACT'], operations: ['UPDATE', 'READ'], purposes: ['CONTRACT'] },
      billing.officerToken,
    );
    const routes: Array<[string, string, string, Record<string, unknown>]> = [
      ['post', '/api/v1/auth/staff/login', '', { email: '@@x@pd.test', password: 'p' }],
      ['post', '/api/v1/auth/subjects/login', '', { email: '@@x@pd.test', password: 'p' }],
      ['post', '/api/v1/staff', admin, { email: '@@x@pd.test', fullName: 'X', roles: ['AUDITOR'] }],
      [
        'post',
        '/api/v1/subjects',
        billing.clientToken,
        subjectBody(billing.policyVersionId, { email: '@@x@pd.test' }),
      ],
      ['patch', '/api/v1/me', token, { email: '@@x@pd.test' }],
      ['patch', `/api/v1/subjects/${subject.id}`, operator.token, { email: '@@x@pd.test' }],
    ];
    for (const [method, url, bearerToken, body] of routes) {
      const text = withLoneSurrogate(body);
      expect(text).toContain('\\ud800');
      const call = t
        .http()
        [method as 'post' | 'patch'](url)
        .set('content-type', 'application/json');
      if (bearerToken) void call.set(bearer(bearerToken)).set(purpose('CONTRACT'));
      const response = await call.send(text);
      expect([url, response.status, response.body.code]).toEqual([url, 400, 'VALIDATION_FAILED']);
    }
    expect(t.logs.text()).not.toContain(LONE);
  });

  it('refuses "password": null at registration with 400 and stores nothing (P12)', async () => {
    const before = await countRows(t, 'subjects');
    const response = await t
      .http()
      .post('/api/v1/subjects')
      .set(bearer(billing.clientToken))
      .send(subjectBody(billing.policyVersionId, { password: null }));
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      { field: 'password', constraints: ['password must not be null'] },
    ]);
    expect(await countRows(t, 'subjects')).toBe(before);
  });

  it('refuses null wherever a field does not mean "none", at any depth (P11)', async () => {
    const client = await createClient(t, [Scope.CONSENTS_READ], admin);
    const cases: Array<[string, string, string, Record<string, unknown>, string]> = [
      ['patch', `/api/v1/clients/${client.id}`, admin, { name: null }, 'name'],
      ['patch', `/api/v1/clients/${client.id}`, admin, { active: null }, 'active'],
      [
        'post',
        '/api/v1/subjects',
        billing.clientToken,
        subjectBody(billing.policyVersionId, {
          consent: { ip: null, userAgent: 'x', channel: 'WEB' },
        }),
        'consent.ip',
      ],
    ];
    for (const [method, url, token, body, field] of cases) {
      const response = await t
        .http()
        [method as 'post' | 'patch'](url)
        .set(bearer(token))
        .send(body);
      expect([field, response.status]).toEqual([field, 400]);
      expect(response.body.details).toContainEqual({
        field,
        constraints: [`${field.split('.').at(-1)} must not be null`],
      });
    }
  });

  it('still reads null as "erase" where a change declares it, and refuses to erase what is required (P6)', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email, SUBJECT_PASSWORD);
    const erased = await t
      .http()
      .patch('/api/v1/me')
      .set(bearer(token))
      .send({ patronymic: null, idDocument: null });
    expect(erased.status).toBe(200);
    expect(erased.body.pd.patronymic).toBeUndefined();
    expect(erased.body.pd.idDocument).toBeUndefined();
    const required = await t.http().patch('/api/v1/me').set(bearer(token)).send({ surname: null });
    expect(required.status).toBe(400);
    expect(required.body.details).toEqual([
      { field: 'surname', constraints: ['surname cannot be removed'] },
    ]);
  });

  it('refuses a third party without its agreement, or with one that is not an object (P8)', async () => {
    const before = await countRows(t, 'third_parties');
    const { agreement, ...withoutAgreement } = partyBody(t);
    for (const body of [withoutAgreement, { ...withoutAgreement, agreement: [agreement] }]) {
      const response = await t
        .http()
        .post('/api/v1/third-parties')
        .set(bearer(billing.officerToken))
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.details).toContainEqual({
        field: 'agreement',
        constraints: ['agreement must be an object'],
      });
    }
    expect(await countRows(t, 'third_parties')).toBe(before);
  });

  it('refuses a verification sent as a list instead of dropping it (P5)', async () => {
    const writer = await createClient(t, [Scope.TRANSFERS_WRITE], admin);
    const party = await t
      .http()
      .post('/api/v1/third-parties')
      .set(bearer(billing.officerToken))
      .send(partyBody(t));
    const subject = await registerSubject(t, billing);
    const response = await t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(writer.token))
      .send({
        subjectId: subject.id,
        thirdPartyId: party.body.id,
        categories: ['IDENTITY'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        verification: [{ result: 'FAILED', fieldsChecked: ['surname'] }],
      });
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({
      field: 'verification',
      constraints: ['verification must be an object'],
    });
    expect(await countRows(t, 'transfers')).toBe(0);
  });

  it('names an unknown field only when it looks like a field name, and cuts it short (P11)', async () => {
    const long = `field${'x'.repeat(100)}`;
    const response = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: 'a@pd.test', password: 'p', 'leak@example.kz': 1, [long]: 2, isRoot: true });
    expect(response.status).toBe(400);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('example.kz');
    expect(text).not.toContain(long);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'isRoot', constraints: ['isRoot is not a field of this request'] },
        {
          field: long.slice(0, 40),
          constraints: [`${long.slice(0, 40)} is not a field of this request`],
        },
        {
          field: '(unnamed)',
          constraints: ['a field this request does not have (its name is not repeated)'],
        },
      ]),
    );
  });
});
