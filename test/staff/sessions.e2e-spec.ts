import { JwtService } from '@nestjs/jwt';
import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { AUDIENCE, ISSUER } from '../../src/auth/principal';
import { grantAccess, purpose } from '../support/access';
import {
  adminLogin,
  bearer,
  createClient,
  createStaff,
  staffLogin,
  type StaffActor,
} from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import {
  type Billing,
  registerSubject,
  setUpBilling,
  SUBJECT_PASSWORD,
  subjectLogin,
} from '../support/subjects';
import { handlingOfficer, mine, officer as desk } from '../data-requests/helpers';

const NEW_PASSWORD = 'granite-meadow-cobalt-44';

describe('Sessions and clearer refusals (P10, P11.1, P15)', () => {
  let t: TestApp;
  let billing: Billing;
  let officer: StaffActor;
  let subjectId: string;

  beforeAll(async () => {
    t = await startApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    billing = await setUpBilling(t);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    subjectId = (await registerSubject(t, billing)).id;
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const staffMe = (token: string) => t.http().get('/api/v1/staff/me').set(bearer(token));
  const changeStaffPassword = (
    token: string,
    currentPassword: string,
    newPassword = NEW_PASSWORD,
  ) =>
    t
      .http()
      .put('/api/v1/staff/me/password')
      .set(bearer(token))
      .send({ currentPassword, newPassword });

  it('ends every other session when staff change their password, keeping the current one (P11.1)', async () => {
    const member = await createStaff(t, [Role.AUDITOR]);
    const other = await staffLogin(t, member.email, member.password);
    expect((await changeStaffPassword(member.token, member.password)).status).toBe(204);
    expect((await staffMe(member.token)).status).toBe(200);
    expect((await staffMe(other)).status).toBe(401);
  });

  it('ends every other session when a data subject changes their password (P11.1)', async () => {
    const subject = await registerSubject(t, billing);
    const current = await subjectLogin(t, subject.email);
    const stolen = await subjectLogin(t, subject.email);
    const changed = await t
      .http()
      .put('/api/v1/me/password')
      .set(bearer(current))
      .send({ currentPassword: SUBJECT_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(204);
    expect((await t.http().get('/api/v1/me/consents').set(bearer(current))).status).toBe(200);
    expect((await t.http().get('/api/v1/me/consents').set(bearer(stolen))).status).toBe(401);
  });

  it('throttles wrong current passwords like sign-in, for staff and data subjects (P11.1)', async () => {
    const member = await createStaff(t, [Role.AUDITOR]);
    for (let i = 0; i < 3; i++) {
      expect((await changeStaffPassword(member.token, `wrong-guess-${i}-xyz`)).status).toBe(401);
    }
    const blocked = await changeStaffPassword(member.token, member.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');

    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const change = (currentPassword: string) =>
      t
        .http()
        .put('/api/v1/me/password')
        .set(bearer(token))
        .send({ currentPassword, newPassword: NEW_PASSWORD });
    for (let i = 0; i < 3; i++) expect((await change(`wrong-guess-${i}-xyz`)).status).toBe(401);
    expect((await change(SUBJECT_PASSWORD)).status).toBe(429);
    t.clock.advance(16 * 60_000);
    const later = await subjectLogin(t, subject.email);
    const allowed = await t
      .http()
      .put('/api/v1/me/password')
      .set(bearer(later))
      .send({ currentPassword: SUBJECT_PASSWORD, newPassword: NEW_PASSWORD });
    expect(allowed.status).toBe(204);
  });

  it('refuses a token that carries no expiry (P11.1)', async () => {
    const token = officer.token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const jwt = t.app.get(JwtService);
    const forever = jwt.sign({
      sid: claims.sid,
      sub: claims.sub,
      aud: AUDIENCE.staff,
      iss: ISSUER,
    });
    expect(
      JSON.parse(Buffer.from(forever.split('.')[1], 'base64url').toString()).exp,
    ).toBeUndefined();
    const refused = await staffMe(forever);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    expect((await staffMe(token)).status).toBe(200);
  });

  it('checks each session’s own expiry on the server, whatever the token’s exp says (P11.1)', async () => {
    const member = await createStaff(t, [Role.AUDITOR]);
    const claims = JSON.parse(Buffer.from(member.token.split('.')[1], 'base64url').toString());
    const jwt = t.app.get(JwtService);
    const longLived = jwt.sign({ ...claims, exp: claims.exp + 86_400 });
    expect((await staffMe(longLived)).status).toBe(200);
    t.clock.advance(16 * 60_000);
    const expired = await staffMe(longLived);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('UNAUTHENTICATED');
  });

  it('tells a token of the wrong kind which kind the route takes (P11.1)', async () => {
    const client = await createClient(t, [Scope.SUBJECTS_READ]);
    const onStaff = await staffMe(client.token);
    expect(onStaff.status).toBe(401);
    expect(onStaff.body).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'This route takes a staff token, not a service client token',
    });
    const onCabinet = await t.http().get('/api/v1/me').set(bearer(officer.token));
    expect(onCabinet.body.message).toBe('This route takes a data subject token, not a staff token');
    const onSubjects = await t
      .http()
      .get(`/api/v1/subjects/${subjectId}`)
      .set(bearer(await subjectLogin(t, (await registerSubject(t, billing)).email)));
    expect(onSubjects.body.message).toBe(
      'This route takes a staff or service client token, not a data subject token',
    );
  });

  it('tells a service client without a grant that it lacks a client grant, not an order (P10)', async () => {
    const client = await createClient(t, [Scope.SUBJECTS_READ]);
    const refused = await t
      .http()
      .get(`/api/v1/subjects/${subjectId}`)
      .set(bearer(client.token))
      .set(purpose('CONTRACT'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCESS_ORDER_REQUIRED');
    expect(refused.body.message).toMatch(/^No client grant in force covers READ/);
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      { categories: ['BANKING'], operations: ['READ'], purposes: ['CONTRACT'] },
      officer.token,
    );
    const staffRefusal = await t
      .http()
      .get(`/api/v1/subjects/${subjectId}`)
      .set(bearer(operator.token))
      .set(purpose('SETTLEMENTS'));
    expect(staffRefusal.body.message).toMatch(/^No access order in force covers READ/);
  });

  it('pauses a client’s PD grants after its secret is rotated until an officer confirms (P9, P10)', async () => {
    const client = await createClient(t, [Scope.SUBJECTS_READ]);
    const granted = await t
      .http()
      .post('/api/v1/client-grants')
      .set(bearer(officer.token))
      .send({
        clientId: client.id,
        number: 'GR-1',
        issuedOn: new Date().toISOString().slice(0, 10),
        basis: 'Договор с Биллингом',
        categories: ['CONTACT'],
        operations: ['READ'],
        purposes: ['CONTRACT'],
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      });
    expect(granted.status).toBe(201);
    const read = (token: string) =>
      t.http().get(`/api/v1/subjects/${subjectId}`).set(bearer(token)).set(purpose('CONTRACT'));
    expect((await read(client.token)).status).toBe(200);
    const admin = await adminLogin(t);
    const rotated = await t.http().post(`/api/v1/clients/${client.id}/secret`).set(bearer(admin));
    expect(rotated.body.paused).toBe(true);
    const token = (
      await t
        .http()
        .post('/api/v1/auth/clients/token')
        .send({ clientId: client.id, clientSecret: rotated.body.clientSecret })
    ).body.accessToken as string;
    const paused = await read(token);
    expect(paused.status).toBe(403);
    expect(paused.body.code).toBe('ACCOUNT_SUSPENDED');
    expect(JSON.stringify(paused.body)).not.toContain('@');
    const byAdmin = await t.http().post(`/api/v1/clients/${client.id}/confirm`).set(bearer(admin));
    expect(byAdmin.status).toBe(403);
    const confirmed = await t
      .http()
      .post(`/api/v1/clients/${client.id}/confirm`)
      .set(bearer(officer.token));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.paused).toBe(false);
    expect((await read(token)).status).toBe(200);
  });

  it('answers a data-request step out of order with INVALID_STATE (P15)', async () => {
    const handler = await handlingOfficer(t);
    const subject = await registerSubject(t, billing);
    const filed = await mine(t, await subjectLogin(t, subject.email)).file({ type: 'INFORMATION' });
    const officerDesk = desk(t, handler.token);
    await officerDesk.assign(filed.body.id);
    expect((await officerDesk.reject(filed.body.id, 'Дубликат обращения')).status).toBe(200);
    const late = await officerDesk.complete(filed.body.id);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INVALID_STATE');
  });
});
