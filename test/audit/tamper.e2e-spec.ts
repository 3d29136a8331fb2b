import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { AuditChain } from '../../src/audit/audit-chain.entity';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { entryHash } from '../../src/audit/audit-hash';
import { REGISTRY_CHAIN_ID } from '../../src/audit/lane-registry';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { chainsOf, registryOf, verifyTrail } from '../support/audit';

/**
 * Every attack on the trail the database alone can reveal, through `GET /audit/verify`.
 * The heartbeat's timer is kept out of the way (an hour), so each test decides when a
 * checkpoint is written; an anchor's cases are in anchor.e2e-spec.ts.
 */
describe('The audit trail is tamper-evident (P11.4, P16)', () => {
  let t: TestApp;
  let auditor: string;
  let entries: Repository<AuditEntry>;
  let chains: Repository<AuditChain>;
  let chain: AuditEntry[];

  beforeAll(async () => {
    t = await startApp({
      env: { AUDIT_CHECKPOINT_SECONDS: '3600', AUDIT_ORPHAN_SECONDS: '10800' },
    });
    entries = t.db.getRepository(AuditEntry);
    chains = t.db.getRepository(AuditChain);
    const admin = await adminLogin(t);
    auditor = (await createStaff(t, [Role.AUDITOR], admin)).token;
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    for (let i = 0; i < 30; i++) {
      const response = await t
        .http()
        .patch(`/api/v1/staff/${operator.id}`)
        .set(bearer(admin))
        .send({ fullName: `Operator ${i}` });
      expect(response.status).toBe(200);
    }
    await t.app.get(AuditCheckpoints).checkpoint();
    [chain] = await chainsOf(t);
    expect(chain.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(() => t.close());

  /** Verify must find exactly this problem, then pass again once the damage is undone. */
  async function expectFound(
    problem: string,
    named: Pick<AuditEntry, 'id' | 'seq'> | null,
    chainId: string,
    undo: () => Promise<unknown>,
  ): Promise<void> {
    const report = await verifyTrail(t, auditor);
    try {
      expect(report.ok).toBe(false);
      expect(report.firstBad).toMatchObject({
        problem,
        chainId,
        entryId: named?.id ?? null,
        seq: named?.seq ?? 0,
      });
    } finally {
      await undo();
    }
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  }

  it('verifies an untouched trail and counts every chain and entry, the lane registry included (P11.4)', async () => {
    const report = await verifyTrail(t, auditor);
    expect(report).toMatchObject({
      ok: true,
      chains: await chains.count(),
      entries: await entries.count(),
    });
    expect(report.firstBad).toBeUndefined();
    const registry = await registryOf(t);
    const lanes = await chains.find();
    expect(registry.filter((entry) => entry.action === 'AUDIT_LANE_OPEN')).toHaveLength(
      lanes.length - 1,
    );
    expect(lanes.every((lane) => /^[0-9a-f]{64}$/.test(lane.signature ?? ''))).toBe(true);
  });

  it('detects an edited entry and names it (P11.4)', async () => {
    const target = chain[1];
    await entries.update({ id: target.id }, { outcome: 'DENIED' });
    await expectFound('HASH_MISMATCH', target, target.chainId, () =>
      entries.update({ id: target.id }, { outcome: target.outcome }),
    );
  });

  it('detects an edited hash as well as edited content (P11.4)', async () => {
    const target = chain[2];
    await entries.update({ id: target.id }, { hash: '0'.repeat(64) });
    await expectFound('HASH_MISMATCH', target, target.chainId, () =>
      entries.update({ id: target.id }, { hash: target.hash }),
    );
  });

  it('detects a deleted entry and names the one after it (P11.4)', async () => {
    const [, deleted, next] = chain;
    await entries.delete({ id: deleted.id });
    await expectFound('SEQUENCE_GAP', next, next.chainId, () => entries.insert(deleted));
  });

  it('detects two entries whose places were swapped and names the first place (P11.4)', async () => {
    const [first, , third] = chain;
    /** Puts `a` at seq `aSeq` and `b` at `bSeq`, through a free seq to keep (chainId, seq) unique. */
    const place = async (a: AuditEntry, aSeq: number, b: AuditEntry, bSeq: number) => {
      await entries.update({ id: a.id }, { seq: -1 });
      await entries.update({ id: b.id }, { seq: bSeq });
      await entries.update({ id: a.id }, { seq: aSeq });
    };
    await place(first, third.seq, third, first.seq);
    // `third` now sits at the first place.
    await expectFound('HASH_MISMATCH', { ...third, seq: first.seq }, first.chainId, () =>
      place(first, first.seq, third, third.seq),
    );
  });

  it('detects two entries whose contents were swapped and names the first (P11.4)', async () => {
    const [, second, third] = chain;
    /** Everything but the row's identity and place. */
    const contentOf = (entry: AuditEntry): Partial<AuditEntry> => {
      const content: Partial<AuditEntry> = { ...entry };
      delete content.id;
      delete content.seq;
      return content;
    };
    const secondContent = contentOf(second);
    const thirdContent = contentOf(third);
    await entries.update({ id: second.id }, thirdContent);
    await entries.update({ id: third.id }, secondContent);
    await expectFound('HASH_MISMATCH', second, second.chainId, async () => {
      await entries.update({ id: second.id }, secondContent);
      await entries.update({ id: third.id }, thirdContent);
    });
  });

  it('detects an entry that does not link to the one before it (a forked chain) (P11.4)', async () => {
    const target = chain[2];
    const forged = { ...target, reason: 'forked', prevHash: 'f'.repeat(64) };
    forged.hash = entryHash(t.config.keys.auditKey, forged.prevHash, forged);
    await entries.update({ id: target.id }, forged);
    await expectFound('LINK_BROKEN', target, target.chainId, () =>
      entries.update({ id: target.id }, target),
    );
  });

  it('detects an entry inserted at the end of a lane, which cannot be hashed without the key (P11.4)', async () => {
    const last = chain.at(-1)!;
    const inserted = {
      ...last,
      id: randomUUID(),
      seq: last.seq + 1,
      prevHash: last.hash,
      action: 'STAFF_CREATE' as const,
      hash: 'a'.repeat(64),
    };
    await entries.insert(inserted);
    await expectFound('HASH_MISMATCH', inserted, last.chainId, () =>
      entries.delete({ id: inserted.id }),
    );
  });

  it('detects a tail cut after a checkpoint and names the last entry left (P11.4)', async () => {
    const saved = await chains.findOneByOrFail({ id: chain[0].chainId });
    expect(saved.lastSeq).toBe(chain.length);
    expect(saved.lastHash).toBe(chain.at(-1)!.hash);
    const tail = chain.slice(-2);
    for (const entry of tail) await entries.delete({ id: entry.id });
    await expectFound('CHECKPOINT_MISSING', chain.at(-3)!, chain[0].chainId, () =>
      entries.insert(tail),
    );
  });

  it('detects a tail cut with the checkpoint lowered to match, since checkpoints are signed (P11.4)', async () => {
    const saved = await chains.findOneByOrFail({ id: chain[0].chainId });
    const tail = chain.slice(-2);
    const left = chain.at(-3)!;
    for (const entry of tail) await entries.delete({ id: entry.id });
    await chains.update({ id: saved.id }, { lastSeq: left.seq, lastHash: left.hash });
    await expectFound('CHECKPOINT_FORGED', left, saved.id, async () => {
      await entries.insert(tail);
      await chains.update({ id: saved.id }, { lastSeq: saved.lastSeq, lastHash: saved.lastHash });
    });
  });

  it('detects a lane whose checkpoint row was deleted (P11.4)', async () => {
    const row = await chains.findOneByOrFail({ id: chain[0].chainId });
    await chains.delete({ id: row.id });
    await expectFound('LANE_MISSING', chain[0], row.id, () => chains.insert(row));
  });

  it('detects a whole lane deleted with its checkpoint row, from the registry (P11.4)', async () => {
    const row = await chains.findOneByOrFail({ id: chain[0].chainId });
    await entries.delete({ chainId: row.id });
    await chains.delete({ id: row.id });
    await expectFound('LANE_MISSING', null, row.id, async () => {
      await chains.insert(row);
      await entries.insert(chain);
    });
  });

  it('detects a lane deleted with its registration too, as a gap in the registry (P11.4)', async () => {
    const registry = await registryOf(t);
    const index = registry.findIndex(
      (entry) => entry.action === 'AUDIT_LANE_OPEN' && entry.targetId !== registry.at(-1)!.targetId,
    );
    const opened = registry[index];
    const lane = await chains.findOneByOrFail({ id: opened.targetId! });
    const laneEntries = await entries.findBy({ chainId: lane.id });
    await entries.delete({ chainId: lane.id });
    await chains.delete({ id: lane.id });
    await entries.delete({ id: opened.id });
    await expectFound('SEQUENCE_GAP', registry[index + 1], REGISTRY_CHAIN_ID, async () => {
      await entries.insert(opened);
      await chains.insert(lane);
      if (laneEntries.length > 0) await entries.insert(laneEntries);
    });
  });

  it('detects a lane the registry never opened, however well it is made (P11.4)', async () => {
    const row = await chains.findOneByOrFail({ id: chain[0].chainId });
    const copy = { ...row, id: randomUUID() };
    await chains.insert(copy);
    await expectFound('LANE_UNREGISTERED', null, copy.id, () => chains.delete({ id: copy.id }));
  });

  it("detects a lane deleted with its registration at the registry's end and the registry's checkpoint lowered (P11.4)", async () => {
    const registry = await registryOf(t);
    const saved = await chains.findOneByOrFail({ id: REGISTRY_CHAIN_ID });
    const [opened, left] = [registry.at(-1)!, registry.at(-2)!];
    const lane = await chains.findOneByOrFail({ id: opened.targetId! });
    const laneEntries = await entries.findBy({ chainId: lane.id });
    await entries.delete({ chainId: lane.id });
    await chains.delete({ id: lane.id });
    await entries.delete({ id: opened.id });
    await chains.update({ id: REGISTRY_CHAIN_ID }, { lastSeq: left.seq, lastHash: left.hash });
    await expectFound('CHECKPOINT_FORGED', left, REGISTRY_CHAIN_ID, async () => {
      await entries.insert(opened);
      await chains.insert(lane);
      if (laneEntries.length > 0) await entries.insert(laneEntries);
      await chains.update(
        { id: REGISTRY_CHAIN_ID },
        { lastSeq: saved.lastSeq, lastHash: saved.lastHash },
      );
    });
  });

  it('names the earliest damage when several chains are damaged (P11.4)', async () => {
    const [one, two] = await chainsOf(t);
    const damaged = [one[1], two[2]];
    expect(damaged[0].at.getTime()).not.toBe(damaged[1].at.getTime());
    for (const entry of damaged) await entries.update({ id: entry.id }, { reason: 'edited' });
    const earliest = [...damaged].sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    await expectFound('HASH_MISMATCH', earliest, earliest.chainId, async () => {
      for (const entry of damaged) await entries.update({ id: entry.id }, { reason: entry.reason });
    });
  });
});
