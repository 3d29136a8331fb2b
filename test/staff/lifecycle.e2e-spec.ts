import { createHash } from 'node:crypto';
import { OutboxPrinter } from '../../src/mail/outbox-printer';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import {
  adminLogin,
  bearer,
  createStaff,
  enrol,
  staffLogin,
  type StaffActor,
} from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { enrolmentTokenFor } from '../support/mailbox';
import { registerSubject, setUpBilling } from '../support/subjects';

const NEW_PASSWORD = 'lagoon-timber-saffron-83';
const READ_CONTACT = { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] };

describe('Staff lifecycle: nobody sets or learns another person’s password (P9, P10, P11.1)', () => {
  let t: TestApp;
  let admin: string;
  let officer: StaffActor;
  let subjectId: string;

  beforeAll(async () => {
    t = await startApp({ env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_IP: '5' } });
    admin = await adminLogin(t);
    const billing = await setUpBilling(t);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    subjectId = (await registerSubject(t, billing)).id;
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const newAccount = async (roles: Role[] = [Role.OPERATOR]) => {
    const email = `person-${Math.random().toString(36).slice(2, 10)}@pd.test`;
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({ email, fullName: 'Нурлан Сапаров', roles });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, email, body: created.body };
  };
  const readPd = (token: string) =>
    t.http().get(`/api/v1/subjects/${subjectId}`).set(bearer(token)).set(purpose('CONTRACT'));

  it('creates an account without a password and mails a one-time token no answer or table holds (P9)', async () => {
    const { id, email, body } = await newAccount();
    expect(body).toMatchObject({ id, email, enrolled: false, paused: false });
    const token = await enrolmentTokenFor(t, email);
    expect(token).toMatch(/^pden_[0-9a-f]{64}$/);
    expect(JSON.stringify(body)).not.toContain('pden_');
    const [member] = await t.db.query('SELECT passwordHash FROM staff_members WHERE id = ?', [id]);
    expect(member.passwordHash).toBeNull();
    const rows: Array<Record<string, unknown>> = await t.db.query(
      'SELECT * FROM staff_enrolments WHERE staffId = ?',
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenDigest).toBe(createHash('sha256').update(token!).digest('hex'));
    const outbox = await t.db.query('SELECT * FROM outbox_messages WHERE subjectId = ?', [id]);
    expect(outbox).toEqual([expect.objectContaining({ kind: 'STAFF_ENROLMENT' })]);
    const stored = JSON.stringify([rows, outbox]);
    expect(stored).not.toContain(token!);
    expect(stored).not.toContain(token!.slice(5));
    const listed = await t.http().get('/api/v1/outbox').set(bearer(officer.token));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(token!.slice(5));
  });

  it('never shows an enrolment token through outbox:print or the log (P9, P11.1)', async () => {
    const { email } = await newAccount();
    const token = (await enrolmentTokenFor(t, email))!;
    let printed = '';
    await t.app.get(OutboxPrinter).print((text) => (printed += text));
    expect(printed).toContain(email);
    expect(printed).toContain('confidential');
    expect(printed).not.toContain(token.slice(5));
    await enrol(t, email);
    expect(t.logs.text()).not.toContain(token.slice(5));
  });

  it('refuses a password on POST /staff, and a password or roles on PATCH /staff/:id (P9)', async () => {
    const withPassword = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({
        email: 'chosen@pd.test',
        fullName: 'X',
        roles: [Role.AUDITOR],
        password: NEW_PASSWORD,
      });
    expect(withPassword.status).toBe(400);
    expect(withPassword.body.code).toBe('VALIDATION_FAILED');
    const member = await createStaff(t, [Role.OPERATOR], admin);
    for (const body of [{ password: NEW_PASSWORD }, { roles: [Role.AUDITOR] }]) {
      const patched = await t
        .http()
        .patch(`/api/v1/staff/${member.id}`)
        .set(bearer(admin))
        .send(body);
      expect(patched.status).toBe(400);
      expect(patched.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(patched.body)).not.toContain(NEW_PASSWORD);
    }
    expect(await staffLogin(t, member.email, member.password)).toEqual(expect.any(String));
    const [row] = await t.db.query('SELECT roles FROM staff_members WHERE id = ?', [member.id]);
    expect(JSON.parse(row.roles)).toEqual([Role.OPERATOR]);
  });

  it('enrols once with the token, answering like a sign-in; the token is spent after (P9)', async () => {
    const { email } = await newAccount();
    const token = (await enrolmentTokenFor(t, email))!;
    expect(
      (await t.http().post('/api/v1/auth/staff/login').send({ email, password: NEW_PASSWORD }))
        .status,
    ).toBe(401);
    const enrolled = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .send({ token, password: NEW_PASSWORD });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const me = await t.http().get('/api/v1/staff/me').set(bearer(enrolled.body.accessToken));
    expect(me.body).toMatchObject({ email, enrolled: true });
    const again = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .set('x-forwarded-for', '10.9.0.1')
      .send({ token, password: 'another-strong-passphrase-22' });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('UNAUTHENTICATED');
    expect(await staffLogin(t, email, NEW_PASSWORD)).toEqual(expect.any(String));
    const [entry] = await t.db.query(
      "SELECT actorId, outcome FROM audit_entries WHERE action = 'STAFF_ENROL' AND targetId = ?",
      [me.body.id],
    );
    expect(entry).toEqual({ actorId: me.body.id, outcome: 'ALLOWED' });
  });

  it('refuses an enrolment token after 24 hours, and keeps it through a weak password (P9)', async () => {
    const { email } = await newAccount();
    const token = (await enrolmentTokenFor(t, email))!;
    const weak = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .send({ token, password: 'password1234' });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).not.toContain('password1234');
    t.clock.advance(24 * 3_600_000 + 60_000);
    const late = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .set('x-forwarded-for', '10.9.0.2')
      .send({ token, password: NEW_PASSWORD });
    expect(late.status).toBe(401);
  });

  it('throttles enrolment attempts per address like sign-in (P11.1)', async () => {
    const { email } = await newAccount();
    const token = (await enrolmentTokenFor(t, email))!;
    for (let i = 0; i < 5; i++) {
      const guess = `pden_${createHash('sha256').update(`guess-${i}`).digest('hex')}`;
      const attempt = await t
        .http()
        .post('/api/v1/auth/staff/enrol')
        .set('x-forwarded-for', '10.9.1.1')
        .send({ token: guess, password: NEW_PASSWORD });
      expect(attempt.status).toBe(401);
    }
    const blocked = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .set('x-forwarded-for', '10.9.1.1')
      .send({ token, password: NEW_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    const elsewhere = await t
      .http()
      .post('/api/v1/auth/staff/enrol')
      .set('x-forwarded-for', '10.9.1.2')
      .send({ token, password: NEW_PASSWORD });
    expect(elsewhere.status).toBe(200);
  });

  it('a credential reset ends sessions and password, mails a new token and pauses PD until another person confirms (P9, P10)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    await grantAccess(t, operator, READ_CONTACT, officer.token);
    expect((await readPd(operator.token)).status).toBe(200);
    const reset = await t
      .http()
      .post(`/api/v1/staff/${operator.id}/credential-reset`)
      .set(bearer(admin));
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id: operator.id, enrolled: false, paused: true });
    expect(JSON.stringify(reset.body)).not.toContain('pden_');
    expect((await t.http().get('/api/v1/staff/me').set(bearer(operator.token))).status).toBe(401);
    const oldPassword = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.9.2.1')
      .send({ email: operator.email, password: operator.password });
    expect(oldPassword.status).toBe(401);
    const early = await t
      .http()
      .post(`/api/v1/staff/${operator.id}/confirm`)
      .set(bearer(officer.token));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_STATE');

    const token = await enrol(t, operator.email, NEW_PASSWORD);
    const paused = await readPd(token);
    expect(paused.status).toBe(403);
    expect(paused.body.code).toBe('ACCOUNT_SUSPENDED');
    expect(paused.body.message).toMatch(/paused/);
    const effective = await t
      .http()
      .get(`/api/v1/staff/${operator.id}/effective-access`)
      .set(bearer(officer.token));
    expect(effective.body.paused).toBe(true);
    expect(effective.body.categories).toContainEqual(
      expect.objectContaining({ category: 'CONTACT', denied: 'PAUSED' }),
    );

    const confirmed = await t
      .http()
      .post(`/api/v1/staff/${operator.id}/confirm`)
      .set(bearer(officer.token));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.paused).toBe(false);
    expect((await readPd(token)).status).toBe(200);
    const actions = await t.db.query(
      "SELECT action, outcome, code FROM audit_entries WHERE targetId = ? AND action IN ('STAFF_CREDENTIAL_RESET', 'STAFF_CONFIRM') ORDER BY at, seq",
      [operator.id],
    );
    expect(actions).toEqual([
      { action: 'STAFF_CREDENTIAL_RESET', outcome: 'ALLOWED', code: null },
      { action: 'STAFF_CONFIRM', outcome: 'DENIED', code: 'INVALID_STATE' },
      { action: 'STAFF_CONFIRM', outcome: 'ALLOWED', code: null },
    ]);
  });

  it('an administrator changing someone else’s email resets and pauses them; the token goes to the new address (P9, P10)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    const address = `moved-${operator.id.slice(0, 8)}@pd.test`;
    const changed = await t
      .http()
      .patch(`/api/v1/staff/${operator.id}`)
      .set(bearer(admin))
      .send({ email: address.toUpperCase() });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email: address, paused: true, enrolled: false });
    expect((await t.http().get('/api/v1/staff/me').set(bearer(operator.token))).status).toBe(401);
    expect(await enrolmentTokenFor(t, operator.email)).toBeUndefined();
    expect(await enrolmentTokenFor(t, address)).toEqual(expect.any(String));

    const ownEmail = await createStaff(t, [Role.ADMIN], admin);
    const renamed = await t
      .http()
      .patch(`/api/v1/staff/${ownEmail.id}`)
      .set(bearer(ownEmail.token))
      .send({ email: `self-${ownEmail.id.slice(0, 8)}@pd.test` });
    expect(renamed.body).toMatchObject({ paused: false, enrolled: true });
    expect((await t.http().get('/api/v1/staff/me').set(bearer(ownEmail.token))).status).toBe(200);
  });

  it('a paused compliance officer holds no officer powers until confirmed (P9, P10)', async () => {
    const paused = await createStaff(t, [Role.COMPLIANCE_OFFICER], admin);
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    await t.http().post(`/api/v1/staff/${paused.id}/credential-reset`).set(bearer(admin));
    const token = await enrol(t, paused.email, NEW_PASSWORD);
    for (const attempt of [
      t.http().post('/api/v1/access-orders').set(bearer(token)).send({}),
      t.http().get('/api/v1/outbox').set(bearer(token)),
      t.http().post(`/api/v1/staff/${operator.id}/confirm`).set(bearer(token)),
    ]) {
      const refused = await attempt;
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ACCOUNT_SUSPENDED');
    }
    expect((await t.http().get('/api/v1/staff/me').set(bearer(token))).status).toBe(200);
  });

  it('refuses a confirmation by whoever caused the pause, even after they became an officer (P9)', async () => {
    const resetter = await createStaff(t, [Role.ADMIN], admin);
    const target = await createStaff(t, [Role.OPERATOR], admin);
    await t.http().post(`/api/v1/staff/${target.id}/credential-reset`).set(bearer(resetter.token));
    await enrol(t, target.email, NEW_PASSWORD);
    const proposed = await t
      .http()
      .post(`/api/v1/staff/${resetter.id}/role-changes`)
      .set(bearer(admin))
      .send({ roles: [Role.COMPLIANCE_OFFICER] });
    expect(proposed.body.status).toBe('PENDING');
    const approved = await t
      .http()
      .post(`/api/v1/role-changes/${proposed.body.id}/approve`)
      .set(bearer(officer.token));
    expect(approved.status).toBe(200);
    const refused = await t
      .http()
      .post(`/api/v1/staff/${target.id}/confirm`)
      .set(bearer(resetter.token));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SELF_ISSUE_FORBIDDEN');
    const [row] = await t.db.query('SELECT pausedAt FROM staff_members WHERE id = ?', [target.id]);
    expect(row.pausedAt).not.toBeNull();
  });
});
