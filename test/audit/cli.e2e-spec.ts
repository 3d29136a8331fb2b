import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { chainsOf } from '../support/audit';
import { runCli } from '../support/instance';

describe('The audit:verify operator command (P11.4)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    const admin = await adminLogin(t);
    const member = await createStaff(t, [Role.OPERATOR], admin);
    for (let i = 0; i < 10; i++) {
      await t
        .http()
        .patch(`/api/v1/staff/${member.id}`)
        .set(bearer(admin))
        .send({ fullName: `Renamed ${i}` });
    }
  });
  afterAll(() => t.close());

  const verify = async () => {
    const exit = await runCli(t.env, ['audit:verify']);
    return { code: exit.code, report: JSON.parse(exit.stdout), stderr: exit.stderr };
  };

  it('prints the report and exits 0 on an intact trail (P11.4)', async () => {
    const { code, report } = await verify();
    expect(code).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      entries: await t.db.getRepository(AuditEntry).count(),
    });
    expect(report.chains).toBeGreaterThan(1);
  });

  it('records a key rotation run from the command line, in a lane the command opens and closes (P11.4, P18)', async () => {
    const rotation = await runCli(t.env, ['keys:rotate']);
    expect(rotation.code).toBe(0);
    const entries = t.db.getRepository(AuditEntry);
    const [entry, ...more] = await entries.findBy({ action: 'KEYS_ROTATE' });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorKind: 'system',
      actorId: null,
      outcome: 'ALLOWED',
      reason:
        '0 data keys re-wrapped, 0 webhook secrets and 0 idempotent answers re-sealed onto k1',
    });
    const lane = await entries.find({ where: { chainId: entry.chainId }, order: { seq: 'ASC' } });
    expect(lane.map((each) => each.action)).toEqual(['KEYS_ROTATE', 'AUDIT_LANE_CLOSE']);
    const { code, report } = await verify();
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
  }, 180_000);

  it('exits 1 and names the first bad entry on a tampered trail (P11.4)', async () => {
    const [chain] = await chainsOf(t);
    const target = chain[1];
    await t.db.getRepository(AuditEntry).update({ id: target.id }, { action: 'STAFF_CREATE' });
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report).toMatchObject({
      ok: false,
      firstBad: { entryId: target.id, chainId: target.chainId, problem: 'HASH_MISMATCH' },
    });
  });

  it('lists its commands and exits 1 when called without one (P11.4)', async () => {
    const exit = await runCli(t.env, []);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('audit:verify');
  });
});
