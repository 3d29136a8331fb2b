import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, enrol, staffLogin } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { ADMIN_EMAIL } from '../support/test-env';

describe('Staff accounts', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
  });
  afterAll(() => t.close());

  it('made the first administrator from BOOTSTRAP_ADMIN_*, once', async () => {
    const rows = await t.db.query('SELECT email, roles FROM staff_members');
    expect(rows).toEqual([{ email: ADMIN_EMAIL, roles: JSON.stringify([Role.ADMIN]) }]);
  });

  it('creates, reads and lists staff with several roles, never returning the password hash', async () => {
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({
        email: ' Aigerim@PD.test ',
        fullName: 'Айгерим Ахметова',
        roles: [Role.OPERATOR, Role.AUDITOR],
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'aigerim@pd.test',
      roles: [Role.OPERATOR, Role.AUDITOR],
      active: true,
      enrolled: false,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|passwordHash/);
    const got = await t.http().get(`/api/v1/staff/${created.body.id}`).set(bearer(admin));
    expect(got.body).toEqual(created.body);
    const operators = await t.http().get(`/api/v1/staff?role=${Role.OPERATOR}`).set(bearer(admin));
    expect(operators.body.items.map((member: { id: string }) => member.id)).toEqual([
      created.body.id,
    ]);
  });

  it('stores passwords as argon2id hashes', async () => {
    const [row] = await t.db.query('SELECT passwordHash FROM staff_members WHERE email = ?', [
      ADMIN_EMAIL,
    ]);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account with the same email with ALREADY_EXISTS', async () => {
    const response = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({
        email: ADMIN_EMAIL,
        fullName: 'Twin',
        roles: [Role.AUDITOR],
      });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'ALREADY_EXISTS', details: { field: 'email' } });
  });

  it('pages through staff with limit and cursor, newest first, without repeats', async () => {
    for (let i = 0; i < 3; i++) await createStaff(t, [Role.OPERATOR], admin);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t
        .http()
        .get(`/api/v1/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(admin));
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((member: { id: string }) => member.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await t.db.query('SELECT id FROM staff_members');
    expect(new Set(seen).size).toBe(all.length);
    expect(seen.length).toBe(all.length);
  });

  it('lets a staff member change their own password, checking the current one', async () => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    const wrong = await t
      .http()
      .put('/api/v1/staff/me/password')
      .set(bearer(member.token))
      .send({ currentPassword: 'not-my-password-x', newPassword: 'granite-meadow-cobalt-44' });
    expect(wrong.status).toBe(401);
    const changed = await t
      .http()
      .put('/api/v1/staff/me/password')
      .set(bearer(member.token))
      .send({ currentPassword: member.password, newPassword: 'granite-meadow-cobalt-44' });
    expect(changed.status).toBe(204);
    expect(await staffLogin(t, member.email, 'granite-meadow-cobalt-44')).toEqual(
      expect.any(String),
    );
  });

  it('refuses to deactivate the last active administrator', async () => {
    const [self] = await t.db.query('SELECT id FROM staff_members WHERE email = ?', [ADMIN_EMAIL]);
    const alone = await t
      .http()
      .patch(`/api/v1/staff/${self.id}`)
      .set(bearer(admin))
      .send({ active: false });
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('LAST_ACTIVE_ADMIN');
    const second = await createStaff(t, [Role.ADMIN], admin);
    const deactivate = await t
      .http()
      .patch(`/api/v1/staff/${self.id}`)
      .set(bearer(second.token))
      .send({ active: false });
    expect(deactivate.status).toBe(200);
    const reactivate = await t
      .http()
      .patch(`/api/v1/staff/${self.id}`)
      .set(bearer(second.token))
      .send({ active: true });
    expect(reactivate.body.active).toBe(true);
  });

  it('ends sessions when an admin resets the credentials; the owner sets the new password', async () => {
    const fresh = await adminLogin(t);
    const member = await createStaff(t, [Role.AUDITOR], fresh);
    const reset = await t
      .http()
      .post(`/api/v1/staff/${member.id}/credential-reset`)
      .set(bearer(fresh));
    expect(reset.status).toBe(200);
    expect((await t.http().get('/api/v1/staff/me').set(bearer(member.token))).status).toBe(401);
    await enrol(t, member.email, 'lagoon-timber-saffron-83');
    expect(await staffLogin(t, member.email, 'lagoon-timber-saffron-83')).toEqual(
      expect.any(String),
    );
  });
});
