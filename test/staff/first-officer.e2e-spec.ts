import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, enrolWith } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { runCli } from '../support/instance';

describe('The first compliance officer comes from the server alone (P9, P10)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
  });
  afterAll(() => t.close());

  const officers = async (): Promise<number> =>
    Number(
      (
        await t.db.query(
          `SELECT COUNT(*) AS n FROM staff_members WHERE roles LIKE '%"${Role.COMPLIANCE_OFFICER}"%'`,
        )
      )[0].n,
    );

  it('never makes an officer through the API alone: the role waits for an officer who does not exist (P9)', async () => {
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({
        email: 'wannabe@pd.test',
        fullName: 'Хочу Быть Офицером',
        roles: [Role.COMPLIANCE_OFFICER],
      });
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual([]);
    expect(created.body.pendingRoleChange.status).toBe('PENDING');
    expect(await officers()).toBe(0);
  });

  it('makes the first officer from the command line and prints a token that enrols (P9)', async () => {
    const exit = await runCli(t.env, [
      'staff:first-officer',
      'First.Officer@PD.test',
      'Первый Офицер',
    ]);
    expect(exit.code).toBe(0);
    const token = /pden_[0-9a-f]{64}/.exec(exit.stdout)?.[0];
    expect(token).toEqual(expect.any(String));
    const mailed = await t.db.query(
      "SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'STAFF_ENROLMENT'",
    );
    expect(Number(mailed[0].n)).toBe(1); // the wannabe's, none for the first officer
    const session = await enrolWith(t, token!);
    const me = await t.http().get('/api/v1/staff/me').set(bearer(session));
    expect(me.body).toMatchObject({
      email: 'first.officer@pd.test',
      roles: [Role.COMPLIANCE_OFFICER],
    });
    const [entry] = await t.db.query(
      "SELECT actorKind, outcome FROM audit_entries WHERE action = 'STAFF_CREATE' AND targetId = ?",
      [me.body.id],
    );
    expect(entry).toEqual({ actorKind: 'system', outcome: 'ALLOWED' });
  });

  it('refuses the command once any compliance officer exists (P9)', async () => {
    const exit = await runCli(t.env, [
      'staff:first-officer',
      'second.officer@pd.test',
      'Второй Офицер',
    ]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('Refused (INVALID_STATE)');
    expect(exit.stdout).not.toMatch(/pden_/);
    expect(await officers()).toBe(1);
  });
});
