import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driver, startApp, type TestApp } from '../support/app';
import { runCli } from '../support/instance';
import { type Billing, registerSubject, setUpBilling } from '../support/subjects';
import { backupKey, emptyTarget, lastJson } from './helpers';

jest.setTimeout(600_000);

describe('A backup taken while the service writes is one moment of it (P11.5)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-live-backup-'));
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp({
      env: { BACKUP_KEY: backupKey(), ERASURE_LEDGER_PATH: join(dir, 'ledger.jsonl') },
    });
    billing = await setUpBilling(t);
    // Bulk, so that reading the tables takes a while: consents are read after the trail
    // and before the subjects, the window in which a backup without one snapshot would
    // pick up subjects whose registration entries it had already passed.
    const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
    for (let batch = 0; batch < 60; batch++) {
      const rows = Array.from({ length: 500 }, () => [
        randomUUID(),
        randomUUID(),
        'PD_PROCESSING',
        'GRANTED',
        billing.policyVersionId,
        now,
        'WEB',
        'v1.bulk',
        'client',
        randomUUID(),
      ]);
      await t.db.query(
        'INSERT INTO consents (id, subjectId, purpose, action, policyVersionId, at, channel, evidence, recordedByKind, recordedBy) VALUES ' +
          rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
        rows.flat(),
      );
    }
  });
  afterAll(() => t.close());

  it('restores a backup made beside live registrations into a trail that verifies (P11.5)', async () => {
    const file = join(dir, 'live.backup');
    let writing = true;
    let registered = 0;
    const writer = (async () => {
      while (writing) {
        await registerSubject(t, billing);
        registered++;
      }
    })();
    const made = await runCli(t.env, ['backup', '--out', file, '--json']);
    writing = false;
    await writer;
    expect(made.code).toBe(0);
    expect(registered).toBeGreaterThan(0);
    const backup = lastJson(made.stdout);
    const tables = backup.tables as Record<string, number>;

    const target = await emptyTarget(t, driver);
    try {
      const restored = await runCli(target.env, ['restore', '--in', file, '--json']);
      expect(restored.code).toBe(0);
      expect(lastJson(restored.stdout)).toMatchObject({ ok: true, trail: { ok: true } });
      // Every subject in it has its data key and its registration entry: one moment.
      expect(await target.count('subjects')).toBe(tables.subjects);
      expect(await target.count('subject_keys')).toBe(tables.subjects);
      const [entries] = await target.query(
        "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'SUBJECT_REGISTER'",
      );
      expect(Number(entries.n)).toBe(tables.subjects);
    } finally {
      await target.drop();
    }
  });
});
