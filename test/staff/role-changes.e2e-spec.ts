import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, enrol, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { ADMIN_EMAIL } from '../support/test-env';

describe('Role changes under four eyes (P9, P10)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let officer: StaffActor;
  let secondOfficer: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
    [{ id: adminId }] = await t.db.query('SELECT id FROM staff_members WHERE email = ?', [
      ADMIN_EMAIL,
    ]);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    secondOfficer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  });
  afterAll(() => t.close());

  const propose = (staffId: string, roles: Role[], token = admin) =>
    t.http().post(`/api/v1/staff/${staffId}/role-changes`).set(bearer(token)).send({ roles });
  const approve = (changeId: string, token: string) =>
    t.http().post(`/api/v1/role-changes/${changeId}/approve`).set(bearer(token));
  const rolesOf = async (id: string): Promise<Role[]> =>
    JSON.parse(
      (await t.db.query('SELECT roles FROM staff_members WHERE id = ?', [id]))[0].roles as string,
    ) as Role[];

  it('refuses ADMIN together with COMPLIANCE_OFFICER or OPERATOR with ROLE_CONFLICT (P9, P10)', async () => {
    for (const roles of [
      [Role.ADMIN, Role.OPERATOR],
      [Role.ADMIN, Role.COMPLIANCE_OFFICER],
    ]) {
      const created = await t
        .http()
        .post('/api/v1/staff')
        .set(bearer(admin))
        .send({ email: `both-${roles[1].toLowerCase()}@pd.test`, fullName: 'Both', roles });
      expect(created.status).toBe(409);
      expect(created.body.code).toBe('ROLE_CONFLICT');
    }
    expect(
      Number(
        (await t.db.query("SELECT COUNT(*) AS n FROM staff_members WHERE email LIKE 'both-%'"))[0]
          .n,
      ),
    ).toBe(0);
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    const otherAdmin = await createStaff(t, [Role.ADMIN], admin);
    expect((await propose(operator.id, [Role.ADMIN, Role.OPERATOR])).body.code).toBe(
      'ROLE_CONFLICT',
    );
    const refused = await propose(otherAdmin.id, [Role.ADMIN, Role.COMPLIANCE_OFFICER]);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ROLE_CONFLICT');
    expect(await rolesOf(otherAdmin.id)).toEqual([Role.ADMIN]);
    const denied = await t.db.query(
      "SELECT outcome, code FROM audit_entries WHERE action = 'ROLE_CHANGE' AND targetId = ?",
      [otherAdmin.id],
    );
    expect(denied).toEqual([{ outcome: 'DENIED', code: 'ROLE_CONFLICT' }]);
  });

  it('refuses anyone changing their own roles (P9)', async () => {
    const own = await propose(adminId, [Role.ADMIN, Role.AUDITOR]);
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('SELF_ISSUE_FORBIDDEN');
    const viaPatch = await t
      .http()
      .patch(`/api/v1/staff/${adminId}`)
      .set(bearer(admin))
      .send({ roles: [Role.ADMIN, Role.AUDITOR] });
    expect(viaPatch.status).toBe(400);
    expect(await rolesOf(adminId)).toEqual([Role.ADMIN]);
  });

  it('applies a change that adds no COMPLIANCE_OFFICER at once, from the next request (P9)', async () => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    expect((await t.http().get('/api/v1/staff').set(bearer(member.token))).status).toBe(403);
    const changed = await propose(member.id, [Role.OPERATOR, Role.AUDITOR]);
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({
      id: expect.any(String),
      status: 'APPLIED',
      fromRoles: [Role.OPERATOR],
      roles: [Role.AUDITOR, Role.OPERATOR],
    });
    expect((await t.http().get('/api/v1/staff').set(bearer(member.token))).status).toBe(200);
  });

  it('creates an officer only with the other roles until another officer approves (P9, P10)', async () => {
    const email = 'future-officer@pd.test';
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send({ email, fullName: 'Будущий Офицер', roles: [Role.COMPLIANCE_OFFICER, Role.AUDITOR] });
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual([Role.AUDITOR]);
    expect(created.body.pendingRoleChange).toEqual({ id: expect.any(String), status: 'PENDING' });
    const changeId = created.body.pendingRoleChange.id as string;
    const person = await enrol(t, email);
    const orders = await t.http().post('/api/v1/access-orders').set(bearer(person)).send({});
    expect(orders.status).toBe(403);
    expect(orders.body.code).toBe('FORBIDDEN_ROLE');
    expect((await approve(changeId, person)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await approve(changeId, admin)).body.code).toBe('FORBIDDEN_ROLE');

    const pending = await t.http().get('/api/v1/role-changes?status=PENDING').set(bearer(admin));
    expect(pending.body.items).toContainEqual(
      expect.objectContaining({ id: changeId, staffId: created.body.id, status: 'PENDING' }),
    );
    const approved = await approve(changeId, officer.token);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: changeId, status: 'APPLIED', decidedBy: officer.id });
    expect(await rolesOf(created.body.id)).toEqual([Role.AUDITOR, Role.COMPLIANCE_OFFICER]);
    const again = await approve(changeId, secondOfficer.token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
  });

  it('applies raced approvals exactly once (P9)', async () => {
    const member = await createStaff(t, [Role.AUDITOR], admin);
    const proposed = await propose(member.id, [Role.AUDITOR, Role.COMPLIANCE_OFFICER]);
    expect(proposed.body.status).toBe('PENDING');
    const answers = await Promise.all([
      approve(proposed.body.id, officer.token),
      approve(proposed.body.id, secondOfficer.token),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const entries = await t.db.query(
      "SELECT outcome FROM audit_entries WHERE action = 'ROLE_CHANGE_APPROVE' AND targetId = ? AND outcome = 'ALLOWED'",
      [member.id],
    );
    expect(entries).toHaveLength(1);
  });

  it('lets a later change supersede a pending one, which can then never apply (P9)', async () => {
    const member = await createStaff(t, [Role.AUDITOR], admin);
    const pending = await propose(member.id, [Role.COMPLIANCE_OFFICER]);
    const later = await propose(member.id, [Role.OPERATOR]);
    expect(later.body.status).toBe('APPLIED');
    const superseded = await t
      .http()
      .get('/api/v1/role-changes?status=SUPERSEDED')
      .set(bearer(officer.token));
    expect(superseded.body.items.map((item: { id: string }) => item.id)).toContain(pending.body.id);
    const refused = await approve(pending.body.id, officer.token);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_STATE');
    expect(await rolesOf(member.id)).toEqual([Role.OPERATOR]);
  });
});
