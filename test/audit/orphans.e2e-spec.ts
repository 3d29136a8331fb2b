import request from 'supertest';
import { In, type Repository } from 'typeorm';
import { AuditChain } from '../../src/audit/audit-chain.entity';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditTrail } from '../../src/audit/audit-trail';
import { REGISTRY_CHAIN_ID } from '../../src/audit/lane-registry';
import { Role } from '../../src/staff/roles';
import { adminLogin, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { registryOf, verifyTrail } from '../support/audit';
import { eventually } from '../support/eventually';
import { type Instance, spawnInstance } from '../support/instance';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-env';

const CHECKPOINT_SECONDS = 1;
const ORPHAN_SECONDS = 3;

/**
 * A crash must leave at most AUDIT_ORPHAN_SECONDS of entries unprotected: the live
 * instance (this test's app) seals the lanes of one that was killed, and one that was
 * only paused must come back without writing past the seal.
 */
describe('The lanes of an instance that has gone are sealed by one that lives (P11.4, P16)', () => {
  let t: TestApp;
  let auditor: string;
  let entries: Repository<AuditEntry>;
  let chains: Repository<AuditChain>;

  beforeAll(async () => {
    t = await startApp({
      env: {
        AUDIT_CHECKPOINT_SECONDS: String(CHECKPOINT_SECONDS),
        AUDIT_ORPHAN_SECONDS: String(ORPHAN_SECONDS),
      },
    });
    entries = t.db.getRepository(AuditEntry);
    chains = t.db.getRepository(AuditChain);
    auditor = (await createStaff(t, [Role.AUDITOR], await adminLogin(t))).token;
  });
  afterAll(() => t.close());

  /** The lanes of other instances: every lane this app does not hold. */
  const othersLanes = async (): Promise<AuditChain[]> => {
    const own = new Set<string>(
      t.app
        .get(AuditTrail)
        .lanes.all()
        .map((lane) => lane.chainId),
    );
    return (await chains.find()).filter((row) => row.id !== REGISTRY_CHAIN_ID && !own.has(row.id));
  };

  const signIn = (other: Instance) =>
    request(other.url)
      .post('/api/v1/auth/staff/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });

  /** The last entry of each of these lanes, by chain id. */
  const heads = async (ids: string[]): Promise<Map<string, AuditEntry>> => {
    const rows = await entries.find({ where: { chainId: In(ids) }, order: { seq: 'ASC' } });
    return new Map(rows.map((row) => [row.chainId, row]));
  };

  /** The lanes whose last entry is past their last checkpoint. */
  const unprotectedOf = async (lanes: AuditChain[]): Promise<AuditChain[]> => {
    const last = await heads(lanes.map((lane) => lane.id));
    return lanes.filter((lane) => (last.get(lane.id)?.seq ?? 0) > lane.lastSeq);
  };

  it('keeps a live idle instance its lanes by heartbeat, and seals a killed one within the window, after which a deleted entry of its unprotected tail is detected (P11.4)', async () => {
    const other = await spawnInstance({
      ...t.env,
      AUDIT_CHECKPOINT_SECONDS: String(CHECKPOINT_SECONDS),
      AUDIT_ORPHAN_SECONDS: String(ORPHAN_SECONDS),
    });
    try {
      // Idle for longer than the window: its heartbeat keeps its lanes open.
      await new Promise((resolve) => setTimeout(resolve, (ORPHAN_SECONDS + 1.5) * 1000));
      const idle = await othersLanes();
      expect(idle.length).toBeGreaterThan(0);
      expect(idle.filter((lane) => lane.sealedAt !== null)).toEqual([]);

      // Busy up to the moment it dies, killed once an entry is past its lane's last
      // checkpoint (a sign-in is slow under load: waiting a fixed time could see none).
      let busy = true;
      const traffic = [1, 2, 3].map(async () => {
        while (busy) await signIn(other).catch(() => undefined);
      });
      await eventually(
        async () => (await unprotectedOf(await othersLanes())).length > 0,
        'an entry past its lane’s last checkpoint',
        30_000,
      );
      await other.kill();
      busy = false;
      await Promise.all(traffic);
    } finally {
      await other.kill();
    }
    const dead = await othersLanes();
    const before = await heads(dead.map((lane) => lane.id));
    const unprotected = await unprotectedOf(dead);
    expect(unprotected.length).toBeGreaterThan(0);

    await eventually(
      async () => (await othersLanes()).every((lane) => lane.sealedAt !== null),
      'the dead instance’s lanes to be sealed',
      (ORPHAN_SECONDS + 5 * CHECKPOINT_SECONDS) * 1000,
    );
    const after = await heads(dead.map((lane) => lane.id));
    for (const lane of dead) {
      const seal = after.get(lane.id)!;
      expect(seal).toMatchObject({
        action: 'AUDIT_LANE_SEAL',
        actorKind: 'system',
        targetId: lane.id,
      });
      expect(seal.seq).toBe((before.get(lane.id)?.seq ?? 0) + 1);
      // Sealed within the window after the lane's last checkpoint, which the seal names.
      const quietSince = Date.parse(/no checkpoint since (\S+)/.exec(seal.reason ?? '')![1]);
      expect(seal.at.getTime() - quietSince).toBeLessThan(
        (ORPHAN_SECONDS + 2 * CHECKPOINT_SECONDS) * 1000,
      );
      const row = await chains.findOneByOrFail({ id: lane.id });
      expect({ lastSeq: row.lastSeq, lastHash: row.lastHash }).toEqual({
        lastSeq: seal.seq,
        lastHash: seal.hash,
      });
    }
    const registry = await registryOf(t);
    expect(
      registry.filter((entry) => entry.action === 'AUDIT_LANE_SEAL').map((entry) => entry.targetId),
    ).toEqual(expect.arrayContaining(dead.map((lane) => lane.id)));
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });

    // The entry just before the seal was in the unprotected tail when the instance died.
    const lane = unprotected[0];
    const victim = before.get(lane.id)!;
    expect(victim.seq).toBeGreaterThan(lane.lastSeq);
    await entries.delete({ id: victim.id });
    try {
      const report = await verifyTrail(t, auditor);
      expect(report).toMatchObject({
        ok: false,
        firstBad: { problem: 'SEQUENCE_GAP', chainId: lane.id, seq: victim.seq + 1 },
      });
    } finally {
      await entries.insert(victim);
    }
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  });

  it('lets a paused instance come back without writing past the seal: it goes on in a new lane, and the trail verifies (P11.4)', async () => {
    const known = new Set((await othersLanes()).map((lane) => lane.id));
    // Its own heartbeat is slower than this app's window: while frozen it looks dead.
    const other = await spawnInstance({
      ...t.env,
      AUDIT_CHECKPOINT_SECONDS: '20',
      AUDIT_ORPHAN_SECONDS: '60',
    });
    try {
      for (let i = 0; i < 3; i++) expect((await signIn(other)).status).toBe(200);
      other.pause();
      const frozen = (await othersLanes()).filter((lane) => !known.has(lane.id));
      expect(frozen.length).toBeGreaterThan(0);
      await eventually(
        async () => {
          const rows = await chains.findBy({ id: In(frozen.map((lane) => lane.id)) });
          return rows.every((row) => row.sealedAt !== null);
        },
        'the paused instance’s lanes to be sealed',
        (ORPHAN_SECONDS + 5 * CHECKPOINT_SECONDS) * 1000,
      );
      other.resume();

      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await signIn(other));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      const written = await entries.findBy({
        requestId: In(answers.map((answer) => answer.headers['x-request-id'])),
      });
      expect(written).toHaveLength(5);
      const sealed = new Set(frozen.map((lane) => lane.id));
      expect(written.filter((entry) => sealed.has(entry.chainId))).toEqual([]);
      const opened = (await registryOf(t)).filter((entry) => entry.action === 'AUDIT_LANE_OPEN');
      for (const entry of written)
        expect(opened.map((open) => open.targetId)).toContain(entry.chainId);
      expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
    } finally {
      other.resume();
      await other.stop();
    }
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  });
});
