import request from 'supertest';
import { In, type Repository } from 'typeorm';
import { AuditChain } from '../../src/audit/audit-chain.entity';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { requestIdFor, verifyTrail } from '../support/audit';
import { spawnInstance } from '../support/instance';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-env';

describe('Appending without a global lock, on one instance and on two (P11.4)', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let members: StaffActor[];
  let entries: Repository<AuditEntry>;

  beforeAll(async () => {
    t = await startApp();
    entries = t.db.getRepository(AuditEntry);
    admin = await adminLogin(t);
    auditor = (await createStaff(t, [Role.AUDITOR], admin)).token;
    members = [];
    for (let i = 0; i < 10; i++) members.push(await createStaff(t, [Role.OPERATOR], admin));
  });
  afterAll(() => t.close());

  const rename =
    (http: () => request.Agent | ReturnType<typeof request>, token: string) =>
    (requestId: string, i: number) =>
      http()
        .patch(`/api/v1/staff/${members[i % members.length].id}`)
        .set(bearer(token))
        .set('x-request-id', requestId)
        .send({ fullName: `Renamed ${requestId}` });

  it('records 200 concurrent changes once each, spread over several chains, and verifies (P11.4)', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => requestIdFor(`par${i}`));
    const responses = await Promise.all(ids.map(rename(() => t.http(), admin)));
    expect(responses.filter((response) => response.status !== 200)).toEqual([]);
    const rows = await entries.findBy({ requestId: In(ids) });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row.requestId)).size).toBe(200);
    expect(rows.every((row) => row.action === 'STAFF_UPDATE' && row.outcome === 'ALLOWED')).toBe(
      true,
    );
    expect(new Set(rows.map((row) => row.chainId)).size).toBeGreaterThan(1);
    const report = await verifyTrail(t, auditor);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(await entries.count());
  });

  it('lets two instances append at once, each on chains of its own, and verifies (P11.4)', async () => {
    // A checkpoint period longer than the test: only the shutdown checkpoint can save it.
    const other = await spawnInstance({
      ...t.env,
      AUDIT_CHECKPOINT_SECONDS: '3600',
      AUDIT_ORPHAN_SECONDS: '10800',
    });
    let remoteChains: string[] = [];
    try {
      const login = await request(other.url)
        .post('/api/v1/auth/staff/login')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(login.status).toBe(200);
      const local = Array.from({ length: 30 }, (_, i) => requestIdFor(`loc${i}`));
      const remote = Array.from({ length: 30 }, (_, i) => requestIdFor(`rem${i}`));
      const onLocal = () => Promise.all(local.map(rename(() => t.http(), admin)));
      const onRemote = () =>
        Promise.all(remote.map(rename(() => request(other.url), login.body.accessToken)));
      // Embedded SQLite is single-instance by nature: across processes it refuses a
      // transaction that read before another process wrote (SQLITE_BUSY_SNAPSHOT), so
      // there the two instances take turns; on MySQL they write at the same time.
      const responses =
        driver === 'mysql'
          ? (await Promise.all([onLocal(), onRemote()])).flat()
          : [...(await onLocal()), ...(await onRemote())];
      expect(responses.filter((response) => response.status !== 200)).toEqual([]);

      const chainsOf = async (ids: string[]) => {
        const rows = await entries.findBy({ requestId: In(ids) });
        expect(rows).toHaveLength(ids.length);
        return new Set(rows.map((row) => row.chainId));
      };
      const localChains = await chainsOf(local);
      remoteChains = [...(await chainsOf(remote))];
      expect(localChains.size).toBeGreaterThan(1);
      expect(remoteChains.length).toBeGreaterThan(1);
      expect(remoteChains.filter((chain) => localChains.has(chain))).toEqual([]);
      expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
    } finally {
      expect(await other.stop()).toBe(0);
    }

    const checkpoints = await t.db.getRepository(AuditChain).findBy({ id: In(remoteChains) });
    expect(checkpoints).toHaveLength(remoteChains.length);
    for (const checkpoint of checkpoints) {
      const last = await entries.findOneOrFail({
        where: { chainId: checkpoint.id },
        order: { seq: 'DESC' },
      });
      expect({ seq: checkpoint.lastSeq, hash: checkpoint.lastHash }).toEqual({
        seq: last.seq,
        hash: last.hash,
      });
    }
    expect((await verifyTrail(t, auditor)).ok).toBe(true);
  });
});
