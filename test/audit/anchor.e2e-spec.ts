import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MoreThan, type Repository } from 'typeorm';
import { AuditChain } from '../../src/audit/audit-chain.entity';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { REGISTRY_CHAIN_ID } from '../../src/audit/lane-registry';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { chainsOf, verifyTrail } from '../support/audit';
import { runCli } from '../support/instance';

/**
 * What only an anchor can tell: a trail rolled back to a state that verifies on its own,
 * or removed altogether. Through the operator commands, as an operator would run them.
 */
describe('An anchor kept outside the database proves the trail still holds what it saw (P11.4)', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let member: StaffActor;
  let entries: Repository<AuditEntry>;
  let chains: Repository<AuditChain>;
  let dir: string;
  let anchorFile: string;
  /** A lane's signed checkpoint from before its last entries: what a rollback would put back. */
  let older: AuditChain;

  const rename = async (times: number) => {
    for (let i = 0; i < times; i++) {
      const response = await t
        .http()
        .patch(`/api/v1/staff/${member.id}`)
        .set(bearer(admin))
        .send({ fullName: `Renamed ${i}` });
      expect(response.status).toBe(200);
    }
    await t.app.get(AuditCheckpoints).checkpoint();
  };

  const verifyAgainst = async (file: string) => {
    const exit = await runCli(t.env, ['audit:verify', '--anchor', file]);
    return {
      code: exit.code,
      stderr: exit.stderr,
      report: exit.stdout ? JSON.parse(exit.stdout) : null,
    };
  };

  beforeAll(async () => {
    // No timer writes behind the tests' backs: they checkpoint when they mean to.
    t = await startApp({
      env: { AUDIT_CHECKPOINT_SECONDS: '3600', AUDIT_ORPHAN_SECONDS: '10800' },
    });
    entries = t.db.getRepository(AuditEntry);
    chains = t.db.getRepository(AuditChain);
    admin = await adminLogin(t);
    auditor = (await createStaff(t, [Role.AUDITOR], admin)).token;
    member = await createStaff(t, [Role.OPERATOR], admin);
    await rename(16);
    const [lane] = await chainsOf(t);
    older = await chains.findOneByOrFail({ id: lane[0].chainId });
    await rename(16);
    dir = mkdtempSync(join(tmpdir(), 'pd-anchor-'));
    anchorFile = join(dir, 'anchor.json');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('prints the signed heads of every lane and of the registry, once the trail verifies (P11.4)', async () => {
    const exit = await runCli(t.env, ['audit:anchor']);
    expect(exit.code).toBe(0);
    writeFileSync(anchorFile, exit.stdout);
    const anchor = JSON.parse(exit.stdout);
    expect(anchor).toMatchObject({ format: 'pd-audit-anchor/1' });
    expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
    const rows = await chains.find();
    expect(anchor.heads).toHaveLength(rows.length);
    for (const row of rows) {
      const last = await entries.findOne({ where: { chainId: row.id }, order: { seq: 'DESC' } });
      expect(anchor.heads).toContainEqual({
        chainId: row.id,
        seq: last?.seq ?? 0,
        hash: last?.hash ?? row.lastHash,
      });
    }
    expect(anchor.heads.map((head: { chainId: string }) => head.chainId)).toContain(
      REGISTRY_CHAIN_ID,
    );
  });

  it('verifies against the anchor while the trail has only grown (P11.4)', async () => {
    await rename(4);
    const { code, report } = await verifyAgainst(anchorFile);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, anchor: { covered: true } });
    expect(report.anchor.chains).toBe(JSON.parse(readFileSync(anchorFile, 'utf8')).heads.length);
  });

  it('detects a lane rolled back to an older signed checkpoint, which only the anchor can tell (P11.4)', async () => {
    const anchored = JSON.parse(readFileSync(anchorFile, 'utf8')).heads.find(
      (head: { chainId: string }) => head.chainId === older.id,
    );
    expect(anchored.seq).toBeGreaterThan(older.lastSeq);
    const current = await chains.findOneByOrFail({ id: older.id });
    const cut = await entries.findBy({ chainId: older.id, seq: MoreThan(older.lastSeq) });
    await entries.delete({ chainId: older.id, seq: MoreThan(older.lastSeq) });
    await chains.save(older);
    try {
      // Every signature and link holds: on its own, the database cannot tell.
      expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
      const { code, report } = await verifyAgainst(anchorFile);
      expect(code).toBe(1);
      expect(report).toMatchObject({
        ok: false,
        anchor: { covered: false },
        firstBad: { problem: 'ANCHOR_NOT_COVERED', chainId: older.id, seq: anchored.seq },
      });
    } finally {
      await entries.insert(cut);
      await chains.save(current);
    }
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  });

  it('detects everything deleted, which only the anchor can tell (P11.4)', async () => {
    const allEntries = await entries.find();
    const allChains = await chains.find();
    await entries.clear();
    await chains.clear();
    try {
      expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true, entries: 0 });
      const { code, report } = await verifyAgainst(anchorFile);
      expect(code).toBe(1);
      const registryHead = JSON.parse(readFileSync(anchorFile, 'utf8')).heads.find(
        (head: { chainId: string }) => head.chainId === REGISTRY_CHAIN_ID,
      );
      expect(report).toMatchObject({
        ok: false,
        anchor: { covered: false },
        firstBad: {
          problem: 'ANCHOR_NOT_COVERED',
          chainId: REGISTRY_CHAIN_ID,
          seq: registryHead.seq,
        },
      });
    } finally {
      await chains.clear();
      await chains.insert(allChains);
      for (let i = 0; i < allEntries.length; i += 100)
        await entries.insert(allEntries.slice(i, i + 100));
    }
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  });

  it('refuses an anchor that was edited, since anchors are signed (P11.4)', async () => {
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8'));
    anchor.heads[0].seq = 0;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(anchor));
    const { code, stderr, report } = await verifyAgainst(edited);
    expect(code).toBe(1);
    expect(report).toBeNull();
    expect(stderr).toContain('not signed');
  });

  it('takes no anchor of a trail that does not verify (P11.4)', async () => {
    const [lane] = await chainsOf(t);
    await entries.update({ id: lane[1].id }, { reason: 'edited' });
    try {
      const exit = await runCli(t.env, ['audit:anchor']);
      expect(exit.code).toBe(1);
      expect(exit.stdout).toBe('');
      expect(exit.stderr).toContain('HASH_MISMATCH');
    } finally {
      await entries.update({ id: lane[1].id }, { reason: lane[1].reason });
    }
  });
});
