import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor } from '../support/audit';
import { ADMIN_EMAIL } from '../support/test-env';

describe('Staff and client changes leave one audit entry each (P18)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
    [{ id: adminId }] = await t.db.query('SELECT id FROM staff_members WHERE email = ?', [
      ADMIN_EMAIL,
    ]);
  });
  afterAll(() => t.close());

  /** Sends a request with a fresh request id and returns the response and what it left. */
  async function audited(
    send: (requestId: string) => Promise<{ status: number; headers: Record<string, string> }>,
  ) {
    const requestId = requestIdFor('chg');
    const response = await send(requestId);
    expect(response.headers['x-request-id']).toBe(requestId);
    return { response, entries: await entriesOf(t, requestId) };
  }

  const byAdmin = {
    actorKind: 'staff',
    actorRoles: [Role.ADMIN],
    outcome: 'ALLOWED',
    code: null,
    subjectId: null,
  };

  it('records the first administrator as created by the system, with no request (P18)', async () => {
    const entries = await t.db
      .getRepository(AuditEntry)
      .findBy({ action: 'STAFF_CREATE', targetId: adminId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorKind: 'system',
      actorId: null,
      requestId: null,
      outcome: 'ALLOWED',
    });
  });

  it('records a staff creation once: the admin, the new account, the request id (P18)', async () => {
    const { response, entries } = await audited((id) =>
      t
        .http()
        .post('/api/v1/staff')
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({
          email: 'new.operator@pd.test',
          fullName: 'Нурлан Операторов',
          roles: [Role.OPERATOR],
        }),
    );
    expect(response.status).toBe(201);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      ...byAdmin,
      actorId: adminId,
      action: 'STAFF_CREATE',
      targetId: (response as unknown as { body: { id: string } }).body.id,
      requestId: response.headers['x-request-id'],
    });
    expect(entries[0].ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(entries[0])).not.toMatch(/Нурлан|new\.operator|velvet/);
  });

  it('records an update, a credential reset and a deactivation, naming the fields, never their values (P18)', async () => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    const update = await audited((id) =>
      t
        .http()
        .patch(`/api/v1/staff/${member.id}`)
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({ fullName: 'Лагуна Тимберова', email: 'lagoon.timber@pd.test' }),
    );
    expect(update.response.status).toBe(200);
    expect(update.entries).toHaveLength(1);
    expect(update.entries[0]).toMatchObject({
      ...byAdmin,
      action: 'STAFF_UPDATE',
      targetId: member.id,
      fields: ['email', 'fullName'],
    });
    expect(JSON.stringify(update.entries[0])).not.toMatch(/Лагуна|lagoon/);
    const reset = await audited((id) =>
      t
        .http()
        .post(`/api/v1/staff/${member.id}/credential-reset`)
        .set(bearer(admin))
        .set('x-request-id', id),
    );
    expect(reset.entries).toHaveLength(1);
    expect(reset.entries[0]).toMatchObject({
      ...byAdmin,
      action: 'STAFF_CREDENTIAL_RESET',
      targetId: member.id,
    });
    const deactivation = await audited((id) =>
      t
        .http()
        .patch(`/api/v1/staff/${member.id}`)
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({ active: false }),
    );
    expect(deactivation.entries).toHaveLength(1);
    expect(deactivation.entries[0]).toMatchObject({ action: 'STAFF_UPDATE', fields: ['active'] });
  });

  it('records a staff member changing their own password as themself (P18)', async () => {
    const member: StaffActor = await createStaff(t, [Role.AUDITOR], admin);
    const { response, entries } = await audited((id) =>
      t
        .http()
        .put('/api/v1/staff/me/password')
        .set(bearer(member.token))
        .set('x-request-id', id)
        .send({ currentPassword: member.password, newPassword: 'granite-meadow-cobalt-44' }),
    );
    expect(response.status).toBe(204);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorKind: 'staff',
      actorId: member.id,
      actorRoles: [Role.AUDITOR],
      action: 'STAFF_PASSWORD_CHANGE',
      targetId: member.id,
      outcome: 'ALLOWED',
    });
  });

  it('records a wrong current password as a DENIED attempt, and no change (P18)', async () => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    const { response, entries } = await audited((id) =>
      t
        .http()
        .put('/api/v1/staff/me/password')
        .set(bearer(member.token))
        .set('x-request-id', id)
        .send({ currentPassword: 'not-my-password-x', newPassword: 'granite-meadow-cobalt-44' }),
    );
    expect(response.status).toBe(401);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: member.id,
      action: 'STAFF_PASSWORD_CHANGE',
      outcome: 'DENIED',
      code: 'UNAUTHENTICATED',
    });
  });

  it('records the refusal to remove the last administrator as DENIED (P18)', async () => {
    const { response, entries } = await audited((id) =>
      t
        .http()
        .patch(`/api/v1/staff/${adminId}`)
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({ active: false }),
    );
    expect(response.status).toBe(409);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'STAFF_UPDATE',
      targetId: adminId,
      outcome: 'DENIED',
      code: 'LAST_ACTIVE_ADMIN',
    });
  });

  it('leaves no entry for a request that changes nothing (P18)', async () => {
    const { response, entries } = await audited((id) =>
      t
        .http()
        .patch(`/api/v1/staff/${adminId}`)
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({ nickname: 'x' }),
    );
    expect(response.status).toBe(400);
    expect(entries).toEqual([]);
  });

  it('records a client creation, update and secret rotation, one entry each (P18)', async () => {
    const created = await audited((id) =>
      t
        .http()
        .post('/api/v1/clients')
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({ name: 'Billing', scopes: [Scope.SUBJECTS_WRITE] }),
    );
    expect(created.response.status).toBe(201);
    const clientId = (created.response as unknown as { body: { id: string } }).body.id;
    const updated = await audited((id) =>
      t
        .http()
        .patch(`/api/v1/clients/${clientId}`)
        .set(bearer(admin))
        .set('x-request-id', id)
        .send({ scopes: [Scope.SUBJECTS_WRITE, Scope.CONSENTS_READ] }),
    );
    const rotated = await audited((id) =>
      t
        .http()
        .post(`/api/v1/clients/${clientId}/secret`)
        .set(bearer(admin))
        .set('x-request-id', id),
    );
    expect(updated.response.status).toBe(200);
    expect(rotated.response.status).toBe(201);
    const actions = [created, updated, rotated].map(({ entries }) => {
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ ...byAdmin, actorId: adminId, targetId: clientId });
      return entries[0].action;
    });
    expect(actions).toEqual(['CLIENT_CREATE', 'CLIENT_UPDATE', 'CLIENT_SECRET_ROTATE']);
    expect(updated.entries[0].fields).toEqual(['scopes']);
  });
});
