import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';

describe('Service clients', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
  });
  afterAll(() => t.close());

  it('shows the secret once, at creation, and stores only its argon2id hash', async () => {
    const created = await t
      .http()
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send({ name: 'Billing', scopes: [Scope.SUBJECTS_WRITE, Scope.CONSENTS_READ] });
    expect(created.status).toBe(201);
    expect(created.body.clientSecret).toMatch(/^pdcs_[A-Za-z0-9_-]{43}$/);
    const listed = await t.http().get('/api/v1/clients').set(bearer(admin));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.clientSecret);
    const fetched = await t.http().get(`/api/v1/clients/${created.body.id}`).set(bearer(admin));
    expect(fetched.body.clientSecret).toBeUndefined();
    const rows = await t.db.query('SELECT * FROM service_clients WHERE id = ?', [created.body.id]);
    expect(JSON.stringify(rows)).not.toContain(created.body.clientSecret);
    expect(rows[0].secretHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses unknown scopes and unknown fields', async () => {
    const response = await t
      .http()
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send({ name: 'X', scopes: ['everything'] });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('scopes');
  });

  it('is managed by administrators only', async () => {
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER], admin);
    const response = await t
      .http()
      .post('/api/v1/clients')
      .set(bearer(officer.token))
      .send({ name: 'X', scopes: [] });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN_ROLE');
  });
});
