import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { bearer, createClient, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import {
  type Billing,
  countRows,
  publishPolicy,
  registerSubject,
  setUpBilling,
  subjectBody,
} from '../support/subjects';

describe('Registration requires accepting the policy in force (P12)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  const stored = async () => ({
    subjects: await countRows(t, 'subjects'),
    keys: await countRows(t, 'subject_keys'),
    consents: await countRows(t, 'consents'),
  });

  const register = (body: Record<string, unknown>, token = billing.clientToken) =>
    t.http().post('/api/v1/subjects').set(bearer(token)).send(body);

  it('registers a subject with a PD_PROCESSING consent naming the exact version, channel and evidence (P12)', async () => {
    const response = await register(subjectBody(billing.policyVersionId));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      policyVersionId: billing.policyVersionId,
      consentId: expect.any(String),
      createdAt: expect.any(String),
    });
    const [consent] = await t.db.query('SELECT * FROM consents WHERE id = ?', [
      response.body.consentId,
    ]);
    expect(consent).toMatchObject({
      subjectId: response.body.id,
      purpose: 'PD_PROCESSING',
      action: 'GRANTED',
      policyVersionId: billing.policyVersionId,
      channel: 'WEB',
      recordedByKind: 'client',
    });
    expect(consent.evidence).toMatch(/^v1\./);
    expect(consent.evidence).not.toContain('203.0.113.7');
  });

  it.each([
    ['without a policy version', { policyVersionId: undefined }],
    ['without consent evidence', { consent: undefined }],
  ])(
    'refuses registration %s with POLICY_NOT_ACCEPTED and stores nothing (P12)',
    async (_, overrides) => {
      const before = await stored();
      const response = await register(subjectBody(billing.policyVersionId, overrides));
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('POLICY_NOT_ACCEPTED');
      expect(await stored()).toEqual(before);
    },
  );

  it('refuses an outdated policy version and a version not yet in force (P12, P20)', async () => {
    const t2 = await publishPolicy(t, billing.officerToken, { label: 'old-then-new' });
    const old = billing.policyVersionId;
    const future = await publishPolicy(t, billing.officerToken, {
      label: 'future',
      effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const before = await stored();
    for (const version of [old, future.id]) {
      const response = await register(subjectBody(version));
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('POLICY_NOT_ACCEPTED');
      expect(response.body.details).toEqual({ policyVersionInForce: t2.id });
    }
    expect(await stored()).toEqual(before);
    billing.policyVersionId = t2.id;
    expect((await register(subjectBody(t2.id))).status).toBe(201);
  });

  it.each([
    ['iin', '900101300008'],
    ['iin', '900101300810'],
    ['iban', 'KZ87125KZT5004100100'],
    ['cardNumber', '4111111111111112'],
    ['phone', '+7 701 12'],
    ['email', 'not-an-email'],
    ['surname', '<script>'],
  ])('refuses an invalid %s naming the field, and stores nothing (P4.2)', async (field, value) => {
    const before = await stored();
    const response = await register(subjectBody(billing.policyVersionId, { [field]: value }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((failure: { field: string }) => failure.field)).toEqual([
      field,
    ]);
    expect(JSON.stringify(response.body)).not.toContain(String(value).slice(0, 8));
    expect(await stored()).toEqual(before);
  });

  it('names a missing required field', async () => {
    const response = await register(subjectBody(billing.policyVersionId, { iin: undefined }));
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      { field: 'iin', constraints: expect.arrayContaining(['iin is required']) },
    ]);
  });

  it.each(['email', 'phone', 'iin'])(
    'refuses a duplicate %s with ALREADY_EXISTS, not a database error',
    async (field) => {
      const first = await registerSubject(t, billing);
      const before = await stored();
      const response = await register(
        subjectBody(billing.policyVersionId, { [field]: first.body[field] }),
      );
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'ALREADY_EXISTS', details: { field } });
      expect(await stored()).toEqual(before);
    },
  );

  it('finds a duplicate email whatever its case', async () => {
    const first = await registerSubject(t, billing);
    const response = await register(
      subjectBody(billing.policyVersionId, { email: first.email.toUpperCase() }),
    );
    expect(response.body).toMatchObject({ code: 'ALREADY_EXISTS', details: { field: 'email' } });
  });

  it('refuses a weak cabinet password', async () => {
    const response = await register(
      subjectBody(billing.policyVersionId, { password: 'qwerty123456' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('password');
  });

  it('lets only a client with subjects:write register (P11.1)', async () => {
    const reader = await createClient(t, [Scope.CONSENTS_READ]);
    expect((await register(subjectBody(billing.policyVersionId), reader.token)).body.code).toBe(
      'FORBIDDEN_ROLE',
    );
    const operator = await createStaff(t, [Role.OPERATOR]);
    expect((await register(subjectBody(billing.policyVersionId), operator.token)).status).toBe(401);
  });

  it('publishes policy versions by compliance officers only, and shows the one in force publicly', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    const refused = await t
      .http()
      .post('/api/v1/policy-versions')
      .set(bearer(operator.token))
      .send({ label: 'x', text: 'x', significant: false });
    expect(refused.body.code).toBe('FORBIDDEN_ROLE');
    const current = await t.http().get('/api/v1/policy-versions/current');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      id: billing.policyVersionId,
      textHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});
