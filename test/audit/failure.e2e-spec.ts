import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditTrail } from '../../src/audit/audit-trail';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { requestIdFor, verifyTrail } from '../support/audit';

describe('No audit entry, no change (P11.4)', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let member: StaffActor;
  const heard: AuditEntry[] = [];

  beforeAll(async () => {
    t = await startApp();
    t.app.get(AuditTrail).onRecorded((entries) => {
      heard.push(...entries);
    });
    admin = await adminLogin(t);
    auditor = (await createStaff(t, [Role.AUDITOR], admin)).token;
    member = await createStaff(t, [Role.OPERATOR], admin);
  });
  afterAll(() => t.close());

  /** Takes the audit table away (as a full disk or a lost grant would) for the duration. */
  async function withoutAuditTable(work: () => Promise<void>): Promise<void> {
    await t.db.query('ALTER TABLE audit_entries RENAME TO audit_entries_offline');
    try {
      await work();
    } finally {
      await t.db.query('ALTER TABLE audit_entries_offline RENAME TO audit_entries');
    }
  }

  const rename = (fullName: string, requestId = requestIdFor('fail')) =>
    t
      .http()
      .patch(`/api/v1/staff/${member.id}`)
      .set(bearer(admin))
      .set('x-request-id', requestId)
      .send({ fullName, active: true });

  it('refuses a change whose entry cannot be written, in the error format, and keeps none of it (P11.4)', async () => {
    await withoutAuditTable(async () => {
      for (let i = 0; i < 3; i++) {
        const response = await rename(`Not saved ${i}`);
        expect(response.status).toBe(500);
        expect(response.body).toEqual({
          statusCode: 500,
          code: 'INTERNAL_ERROR',
          message: 'Internal error',
        });
      }
    });
    const [row] = await t.db.query('SELECT fullName, roles FROM staff_members WHERE id = ?', [
      member.id,
    ]);
    expect(row).toEqual({ fullName: 'Test Staff', roles: JSON.stringify([Role.OPERATOR]) });
  });

  it('fails a refused attempt too when its DENIED entry cannot be written (P11.4)', async () => {
    await withoutAuditTable(async () => {
      const response = await t
        .http()
        .put('/api/v1/staff/me/password')
        .set(bearer(member.token))
        .send({ currentPassword: 'not-my-password-x', newPassword: 'granite-meadow-cobalt-44' });
      expect(response.status).toBe(500);
      expect(response.body.code).toBe('INTERNAL_ERROR');
    });
  });

  it('carries on each chain from where the database says it ends, and still verifies (P11.4)', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => requestIdFor(`after${i}`));
    for (const [i, id] of ids.entries()) expect((await rename(`Saved ${i}`, id)).status).toBe(200);
    const report = await verifyTrail(t, auditor);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(await t.db.getRepository(AuditEntry).count());
    const [row] = await t.db.query('SELECT fullName FROM staff_members WHERE id = ?', [member.id]);
    expect(row.fullName).toBe('Saved 11');
  });

  it('tells listeners of each entry once it is written, and never of one that was not (P11.4)', async () => {
    const stored = await t.db
      .getRepository(AuditEntry)
      .find({ select: { id: true, actorKind: true } });
    // The first administrator's entry was written at start, before the test subscribed.
    const sinceSubscribed = stored.filter((entry) => entry.actorKind !== 'system');
    expect(heard.map((entry) => entry.id).sort()).toEqual(
      sinceSubscribed.map((entry) => entry.id).sort(),
    );
    expect(heard.filter((entry) => entry.action === 'STAFF_UPDATE')).toHaveLength(12);
  });
});
