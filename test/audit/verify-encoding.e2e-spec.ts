import type { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../../src/audit/audit-actions';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { SYSTEM_ORIGIN } from '../../src/audit/audit-origin';
import { AuditTrail } from '../../src/audit/audit-trail';
import { entryPages } from '../../src/audit/entry-pages';
import { COL, decodedMessage } from '../../src/audit/stored-entry';
import { Role } from '../../src/staff/roles';
import { adminLogin, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { verifyTrail } from '../support/audit';

/**
 * The verifier checks most entries against a message the database writes without
 * escaping anything, and every other entry through the entity: whatever an entry holds,
 * an intact one verifies and an edited one is named, through `GET /audit/verify`.
 */
describe('Verification checks every entry against what was hashed, whatever it holds (P11.4)', () => {
  let t: TestApp;
  let auditor: string;
  let entries: Repository<AuditEntry>;
  const reasons = {
    escaped: 'a "quoted" word, a back\\slash and a tab\tin it',
    unicode: 'Ünïcødé ✓ 𝄞 </script> / and an emoji 🙂',
    plain: 'TICKET-1234',
  };
  const written: Record<keyof typeof reasons, AuditEntry> = {} as never;

  beforeAll(async () => {
    t = await startApp({
      env: { AUDIT_CHECKPOINT_SECONDS: '3600', AUDIT_ORPHAN_SECONDS: '10800' },
    });
    entries = t.db.getRepository(AuditEntry);
    const admin = await adminLogin(t);
    auditor = (await createStaff(t, [Role.AUDITOR], admin)).token;
    const trail = t.app.get(AuditTrail);
    for (const [name, reason] of Object.entries(reasons)) {
      const entry = await trail.record({
        ...SYSTEM_ORIGIN,
        action: AuditAction.BACKUP_CREATE,
        outcome: AuditOutcome.ALLOWED,
        reason,
      });
      written[name as keyof typeof reasons] = await entries.findOneByOrFail({ id: entry.id });
    }
    await t.app.get(AuditCheckpoints).checkpoint();
  });
  afterAll(() => t.close());

  async function expectEdited(target: AuditEntry, undo: () => Promise<unknown>): Promise<void> {
    const report = await verifyTrail(t, auditor);
    try {
      expect(report.ok).toBe(false);
      expect(report.firstBad).toMatchObject({
        problem: 'HASH_MISMATCH',
        chainId: target.chainId,
        entryId: target.id,
        seq: target.seq,
      });
    } finally {
      await undo();
    }
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  }

  it('verifies entries whose values JSON must escape, and ones outside ASCII (P11.4)', async () => {
    expect(written.escaped.reason).toBe(reasons.escaped.replace('\t', ' '));
    expect(written.unicode.reason).toBe(reasons.unicode);
    expect(await verifyTrail(t, auditor)).toMatchObject({ ok: true });
  });

  it("writes an intact entry's message in the database exactly as canonicalJson does, when nothing needs escaping (P11.4)", async () => {
    const pages = entryPages(t.db);
    for (const target of [written.plain, written.unicode]) {
      const [walked] = await pages.page(target.chainId, target.seq - 1, 1);
      const stored = await pages.stored(target.chainId, target.seq);
      expect(walked[COL.message]).toBe(decodedMessage(stored!));
    }
  });

  it('detects a reason edited into the escaped spelling of what it said (P11.4)', async () => {
    const target = written.escaped;
    const spelled = JSON.stringify(target.reason).slice(1, -1);
    expect(spelled).not.toBe(target.reason);
    await entries.update({ id: target.id }, { reason: spelled });
    await expectEdited(target, () => entries.update({ id: target.id }, { reason: target.reason }));
  });

  it('detects text moved from one value into the next, keys and quotes included (P11.4)', async () => {
    const target = written.plain;
    // The reason swallows the start of the next key's value; what stays adds up to the same text.
    const moved = { reason: `${target.reason}","requestId":null,"x":"`, requestId: null };
    await entries.update({ id: target.id }, moved);
    await expectEdited(target, () =>
      entries.update({ id: target.id }, { reason: target.reason, requestId: target.requestId }),
    );
  });

  it('detects an edit outside ASCII that keeps the length in characters (P11.4)', async () => {
    const target = written.unicode;
    await entries.update({ id: target.id }, { reason: target.reason!.replace('✓', '✗') });
    await expectEdited(target, () => entries.update({ id: target.id }, { reason: target.reason }));
  });
});
