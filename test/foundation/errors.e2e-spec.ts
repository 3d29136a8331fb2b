import { Role } from '../../src/staff/roles';
import { adminLogin, bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { enrolmentTokenFor } from '../support/mailbox';

describe('Errors and input validation', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
  });
  afterAll(() => t.close());

  const staffCount = async (): Promise<number> =>
    Number((await t.db.query('SELECT COUNT(*) AS n FROM staff_members'))[0].n);

  it('answers VALIDATION_FAILED naming every failing field, and stores nothing', async () => {
    const before = await staffCount();
    const response = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({ email: 'not-an-email', fullName: '', roles: ['KING'] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((failure: { field: string }) => failure.field).sort()).toEqual(
      ['email', 'fullName', 'roles'],
    );
    expect(await staffCount()).toBe(before);
  });

  it('rejects unknown body fields instead of ignoring them', async () => {
    const response = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({
        email: 'extra@pd.test',
        fullName: 'Extra',
        roles: [Role.AUDITOR],
        isRoot: true,
      });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([
      { field: 'isRoot', constraints: ['isRoot is not a field of this request'] },
    ]);
  });

  it('rejects unknown query parameters too', async () => {
    const response = await t.http().get('/api/v1/staff?role=AUDITOR&sort=name').set(bearer(admin));
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('sort');
  });

  it('refuses a weak password with the field named', async () => {
    await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({ email: 'weak@pd.test', fullName: 'Weak', roles: [Role.AUDITOR] });
    const token = await enrolmentTokenFor(t, 'weak@pd.test');
    const response = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .send({ token, password: 'Password1234' });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('password');
  });

  it('answers malformed JSON and a wrong content type in the same error format', async () => {
    const malformed = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('content-type', 'application/json')
      .send('{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Malformed body: it is not JSON',
    });
    const text = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('content-type', 'text/plain')
      .send('hello');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over the size limit', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: 'a@pd.test', password: 'x'.repeat(200_000) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an id that is not a UUID, and answers NOT_FOUND for an unknown one', async () => {
    const bad = await t.http().get('/api/v1/staff/42').set(bearer(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'id', constraints: ['id must be a UUID'] }]);
    const unknown = await t
      .http()
      .get('/api/v1/staff/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Staff member not found',
    });
  });

  it('answers an unknown route with NOT_FOUND and never a stack trace', async () => {
    const response = await t.http().get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    expect(JSON.stringify(response.body)).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+/);
  });

  it('answers an invalid cursor with VALIDATION_FAILED', async () => {
    const response = await t.http().get('/api/v1/staff?cursor=bm90LWpzb24').set(bearer(admin));
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('cursor');
  });
});
