import { createHash } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { VisitsService } from '../../src/subjects/visits.service';
import {
  adminLogin,
  bearer,
  type ClientActor,
  createClient,
  createStaff,
  inviteStaff,
  STAFF_PASSWORD,
  type StaffActor,
} from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor } from '../support/audit';
import { enrolmentTokenFor } from '../support/mailbox';
import {
  type Billing,
  registerSubject,
  SUBJECT_PASSWORD,
  setUpBilling,
  subjectLogin,
} from '../support/subjects';

const DAY = 86_400_000;

describe('Every sign-in, sign-out and failed sign-in is recorded (P11, P16, P18)', () => {
  let t: TestApp;
  let admin: string;
  let member: StaffActor;
  let client: ClientActor;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
    member = await createStaff(t, [Role.OPERATOR, Role.AUDITOR], admin);
    client = await createClient(t, [Scope.CONSENTS_READ], admin);
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  /** Sends with a request id of our own; the answer and the one entry it left. */
  async function attempt(path: string, body: Record<string, unknown>, token?: string) {
    const requestId = requestIdFor('sign');
    const call = t.http().post(path).set('x-request-id', requestId);
    const response = await (token ? call.set(bearer(token)) : call).send(body);
    const entries = await entriesOf(t, requestId);
    expect(entries).toHaveLength(1);
    return { response, entry: entries[0] };
  }

  /** The same, for a request that may leave several entries (in the order written). */
  async function attempts(path: string, body: Record<string, unknown>) {
    const requestId = requestIdFor('enrol');
    const response = await t.http().post(path).set('x-request-id', requestId).send(body);
    return { response, entries: await entriesOf(t, requestId) };
  }

  const staffSignIn = (email: string, password: string) =>
    attempt('/api/v1/auth/staff/login', { email, password });

  it('records a staff sign-in as the account, with its roles of the moment (P18)', async () => {
    const { response, entry } = await staffSignIn(member.email, member.password);
    expect(response.status).toBe(200);
    expect(entry).toMatchObject({
      action: 'SIGN_IN',
      outcome: 'ALLOWED',
      actorKind: 'staff',
      actorId: member.id,
      actorRoles: [Role.AUDITOR, Role.OPERATOR],
      targetId: member.id,
      identifierHash: null,
    });
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
  });

  it('records a failed sign-in of an existing account by naming it, never what was typed (P16)', async () => {
    const typed = 'not-the-password-91';
    const { response, entry } = await staffSignIn(member.email, typed);
    expect(response.status).toBe(401);
    expect(entry).toMatchObject({
      action: 'SIGN_IN',
      outcome: 'DENIED',
      code: 'UNAUTHENTICATED',
      actorKind: 'staff',
      actorId: null,
      targetId: member.id,
      identifierHash: null,
    });
    expect(JSON.stringify(entry)).not.toContain(typed);
    expect(JSON.stringify(entry)).not.toContain(member.email);
  });

  it('records a failed sign-in that matches no account as a keyed hash of the identifier typed (P16)', async () => {
    const typed = 'nobody-here@pd.test';
    const first = await staffSignIn(typed, 'whatever-password-1');
    const again = await staffSignIn(typed, 'whatever-password-2');
    const other = await staffSignIn('someone-else@pd.test', 'whatever-password-3');
    expect(first.response.status).toBe(401);
    expect(first.entry).toMatchObject({ outcome: 'DENIED', actorId: null, targetId: null });
    expect(first.entry.identifierHash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.entry.identifierHash).toBe(first.entry.identifierHash);
    expect(other.entry.identifierHash).not.toBe(first.entry.identifierHash);
    // Keyed: not a digest anyone could recompute from a list of addresses.
    expect(first.entry.identifierHash).not.toBe(createHash('sha256').update(typed).digest('hex'));
    expect(JSON.stringify(first.entry)).not.toMatch(/nobody|whatever/);
  });

  it('records a sign-in refused by throttling, naming the account (P16)', async () => {
    const target = await createStaff(t, [Role.AUDITOR], admin);
    for (let i = 0; i < 5; i++)
      expect((await staffSignIn(target.email, `wrong-password-${i}`)).response.status).toBe(401);
    const { response, entry } = await staffSignIn(target.email, target.password);
    expect(response.status).toBe(429);
    expect(entry).toMatchObject({
      outcome: 'DENIED',
      code: 'TOO_MANY_ATTEMPTS',
      actorId: null,
      targetId: target.id,
    });
  });

  it('records the sign-in of a suspended account as refused (P16)', async () => {
    const suspended = await createStaff(t, [Role.OPERATOR], admin);
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER], admin);
    const opened = await t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(officer.token))
      .send({ actorKind: 'staff', actorId: suspended.id, description: 'Проверка' });
    expect(opened.status).toBe(201);
    const { response, entry } = await staffSignIn(suspended.email, suspended.password);
    expect(response.status).toBe(403);
    expect(entry).toMatchObject({
      outcome: 'DENIED',
      code: 'ACCOUNT_SUSPENDED',
      targetId: suspended.id,
    });
  });

  it('records an enrolment and the session it opens; a refused one like a refused sign-in, naming the token’s account or keeping a keyed hash, never the token (P16, P18)', async () => {
    const invited = await inviteStaff(t, [Role.AUDITOR], admin);
    const token = (await enrolmentTokenFor(t, invited.email))!;
    const enrolWith = (sent: string) =>
      attempts('/api/v1/auth/staff/enrol', { token: sent, password: STAFF_PASSWORD });

    const unknown = `pden_${'7'.repeat(64)}`;
    const [first, again] = [await enrolWith(unknown), await enrolWith(unknown)];
    expect(first.response.status).toBe(401);
    expect(first.entries).toEqual([
      expect.objectContaining({
        action: 'STAFF_ENROL',
        outcome: 'DENIED',
        code: 'UNAUTHENTICATED',
        actorKind: 'staff',
        actorId: null,
        targetId: null,
      }),
    ]);
    expect(first.entries[0].identifierHash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.entries[0].identifierHash).toBe(first.entries[0].identifierHash);
    expect(first.entries[0].identifierHash).not.toBe(
      createHash('sha256').update(unknown).digest('hex'),
    );

    const enrolled = await enrolWith(token);
    expect(enrolled.response.status).toBe(200);
    expect(enrolled.entries).toEqual([
      expect.objectContaining({
        action: 'STAFF_ENROL',
        outcome: 'ALLOWED',
        actorId: invited.id,
        targetId: invited.id,
      }),
      expect.objectContaining({
        action: 'SIGN_IN',
        outcome: 'ALLOWED',
        actorId: invited.id,
        actorRoles: [Role.AUDITOR],
      }),
    ]);

    const replayed = await enrolWith(token);
    expect(replayed.response.status).toBe(401);
    expect(replayed.entries).toEqual([
      expect.objectContaining({
        action: 'STAFF_ENROL',
        outcome: 'DENIED',
        code: 'UNAUTHENTICATED',
        actorId: null,
        targetId: invited.id,
        identifierHash: null,
      }),
    ]);
    const everything = JSON.stringify([first, again, enrolled, replayed].map((a) => a.entries));
    expect(everything).not.toContain(token.slice(5));
    expect(everything).not.toContain('7'.repeat(64));
  });

  it('records a password change refused by throttling as DENIED, staff and cabinet alike (P16)', async () => {
    const target = await createStaff(t, [Role.AUDITOR], admin);
    const subject = await registerSubject(t, billing);
    const cases = [
      { path: '/api/v1/staff/me/password', token: target.token, action: 'STAFF_PASSWORD_CHANGE' },
      {
        path: '/api/v1/me/password',
        token: await subjectLogin(t, subject.email),
        action: 'SUBJECT_PASSWORD_CHANGE',
      },
    ];
    for (const { path, token, action } of cases) {
      const change = (currentPassword: string) =>
        t
          .http()
          .put(path)
          .set(bearer(token))
          .set('x-request-id', requestIdFor('pwd'))
          .send({ currentPassword, newPassword: 'granite-meadow-cobalt-44' });
      for (let i = 0; i < 5; i++) expect((await change(`wrong-password-${i}`)).status).toBe(401);
      const throttled = await change('still-guessing-77');
      expect(throttled.status).toBe(429);
      expect(await entriesOf(t, throttled.get('x-request-id')!)).toEqual([
        expect.objectContaining({ action, outcome: 'DENIED', code: 'TOO_MANY_ATTEMPTS' }),
      ]);
    }
  });

  it('records a client token, given and refused, the refusal naming the client (P16, P18)', async () => {
    const given = await attempt('/api/v1/auth/clients/token', {
      clientId: client.id,
      clientSecret: client.secret,
    });
    expect(given.response.status).toBe(200);
    expect(given.entry).toMatchObject({
      action: 'SIGN_IN',
      outcome: 'ALLOWED',
      actorKind: 'client',
      actorId: client.id,
      actorRoles: [],
    });
    const refused = await attempt('/api/v1/auth/clients/token', {
      clientId: client.id,
      clientSecret: 'pdcs_not-the-secret',
    });
    expect(refused.response.status).toBe(401);
    expect(refused.entry).toMatchObject({
      outcome: 'DENIED',
      actorKind: 'client',
      targetId: client.id,
    });
    expect(JSON.stringify(refused.entry)).not.toContain('not-the-secret');
  });

  it('records a subject’s sign-in to the cabinet, given and refused (P18)', async () => {
    const subject = await registerSubject(t, billing);
    const given = await attempt('/api/v1/auth/subjects/login', {
      email: subject.email,
      password: SUBJECT_PASSWORD,
    });
    expect(given.response.status).toBe(200);
    expect(given.entry).toMatchObject({
      outcome: 'ALLOWED',
      actorKind: 'subject',
      actorId: subject.id,
      targetId: subject.id,
    });
    const refused = await attempt('/api/v1/auth/subjects/login', {
      email: subject.email,
      password: 'steppe-falcon-amber-00',
    });
    expect(refused.response.status).toBe(401);
    expect(refused.entry).toMatchObject({
      outcome: 'DENIED',
      actorKind: 'subject',
      targetId: subject.id,
    });
    expect(JSON.stringify(refused.entry)).not.toContain(subject.email);
  });

  it('records a sign-out as the session’s holder (P18)', async () => {
    const { response, entry } = await attempt('/api/v1/auth/logout', {}, member.token);
    expect(response.status).toBe(204);
    expect(entry).toMatchObject({
      action: 'SIGN_OUT',
      outcome: 'ALLOWED',
      actorKind: 'staff',
      actorId: member.id,
      targetId: member.id,
    });
  });

  it('records a subject’s password change, and a wrong current password as DENIED (P18)', async () => {
    const subject = await registerSubject(t, billing);
    const token = (
      await t
        .http()
        .post('/api/v1/auth/subjects/login')
        .send({ email: subject.email, password: SUBJECT_PASSWORD })
    ).body.accessToken as string;
    const put = (body: Record<string, unknown>) => {
      const requestId = requestIdFor('pwd');
      return t
        .http()
        .put('/api/v1/me/password')
        .set(bearer(token))
        .set('x-request-id', requestId)
        .send(body)
        .then(async (response) => ({ response, entries: await entriesOf(t, requestId) }));
    };
    const wrong = await put({
      currentPassword: 'not-it-at-all-1',
      newPassword: 'granite-meadow-cobalt-44',
    });
    expect(wrong.response.status).toBe(401);
    expect(wrong.entries).toEqual([
      expect.objectContaining({
        action: 'SUBJECT_PASSWORD_CHANGE',
        outcome: 'DENIED',
        code: 'UNAUTHENTICATED',
      }),
    ]);
    const changed = await put({
      currentPassword: SUBJECT_PASSWORD,
      newPassword: 'granite-meadow-cobalt-44',
    });
    expect(changed.response.status).toBe(204);
    expect(changed.entries).toEqual([
      expect.objectContaining({
        action: 'SUBJECT_PASSWORD_CHANGE',
        outcome: 'ALLOWED',
        actorKind: 'subject',
        actorId: subject.id,
        fields: ['password'],
      }),
    ]);
    expect(JSON.stringify(changed.entries)).not.toContain('granite');
  });
});

describe('The system’s own changes are recorded too (P17, P18)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  it('records the purge of visits past their retention as one system entry, and nothing when none is due (P4.1, P17)', async () => {
    const visit = (at: Date) =>
      t.http().post('/api/v1/visits').set(bearer(billing.clientToken)).send({
        ip: '203.0.113.7',
        cookieId: 'cookie-old',
        userAgent: 'Mozilla/5.0',
        at: at.toISOString(),
        pageUrl: 'https://fingram.kz/',
      });
    const now = t.clock.now().getTime();
    expect((await visit(new Date(now - 400 * DAY))).status).toBe(201);
    expect((await visit(new Date(now - 399 * DAY))).status).toBe(201);
    expect((await visit(new Date(now - DAY))).status).toBe(201);
    const purges = () => t.db.getRepository(AuditEntry).findBy({ action: 'VISITS_PURGE' });
    await t.app.get(VisitsService).purgeExpired();
    const [entry, ...more] = await purges();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorKind: 'system',
      actorId: null,
      requestId: null,
      outcome: 'ALLOWED',
      categories: ['TECHNICAL'],
    });
    expect(entry.reason).toMatch(/^2 visits older than /);
    await t.app.get(VisitsService).purgeExpired();
    expect(await purges()).toHaveLength(1);
  });
});
