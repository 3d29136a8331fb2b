import type { Repository } from 'typeorm';
import { AuditChain } from '../../src/audit/audit-chain.entity';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { entryHash } from '../../src/audit/audit-hash';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { chainsOf, verifyTrail } from '../support/audit';

describe('The audit trail is tamper-evident (P11.4)', () => {
  let t: TestApp;
  let auditor: string;
  let entries: Repository<AuditEntry>;
  let chain: AuditEntry[];
  let changes = 1; // the first administrator, created at start

  beforeAll(async () => {
    t = await startApp();
    entries = t.db.getRepository(AuditEntry);
    const admin = await adminLogin(t);
    auditor = (await createStaff(t, [Role.AUDITOR], admin)).token;
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    changes += 4; // each account: its creation and its owner's enrolment
    for (let i = 0; i < 30; i++) {
      const response = await t
        .http()
        .patch(`/api/v1/staff/${operator.id}`)
        .set(bearer(admin))
        .send({ fullName: `Operator ${i}` });
      expect(response.status).toBe(200);
      changes++;
    }
    [chain] = await chainsOf(t);
    expect(chain.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(() => t.close());

  /** Verify must find exactly this problem, then pass again once the damage is undone. */
  async function expectFound(
    problem: string,
    named: AuditEntry | null,
    chainId: string,
    undo: () => Promise<unknown>,
  ): Promise<void> {
    const report = await verifyTrail(t, auditor);
    expect(report.ok).toBe(false);
    expect(report.firstBad).toMatchObject({
      problem,
      chainId,
      entryId: named?.id ?? null,
      seq: named?.seq ?? 0,
    });
    await undo();
    expect((await verifyTrail(t, auditor)).ok).toBe(true);
  }

  it('verifies an untouched trail and counts every chain and entry (P11.4)', async () => {
    const report = await verifyTrail(t, auditor);
    const chains = await t.db.getRepository(AuditChain).count();
    expect(report).toMatchObject({ ok: true, chains, entries: changes });
    expect(report.firstBad).toBeUndefined();
    expect(await entries.count()).toBe(changes);
    expect(chains).toBeGreaterThan(1);
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

  it('detects a tail cut after a checkpoint and names the last entry left (P11.4)', async () => {
    await t.app.get(AuditCheckpoints).checkpoint();
    const saved = await t.db.getRepository(AuditChain).findOneByOrFail({ id: chain[0].chainId });
    expect(saved.lastSeq).toBe(chain.length);
    expect(saved.lastHash).toBe(chain.at(-1)!.hash);
    const tail = chain.slice(-2);
    for (const entry of tail) await entries.delete({ id: entry.id });
    await expectFound('CHECKPOINT_MISSING', chain.at(-3)!, chain[0].chainId, () =>
      entries.insert(tail),
    );
  });

  it('detects entries whose chain has lost its checkpoint row (P11.4)', async () => {
    const chains = t.db.getRepository(AuditChain);
    const row = await chains.findOneByOrFail({ id: chain[0].chainId });
    await chains.delete({ id: row.id });
    await expectFound('CHECKPOINT_MISSING', chain[0], row.id, () => chains.insert(row));
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
