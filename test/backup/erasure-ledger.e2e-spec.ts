import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErasureLedger } from '../../src/erasure-ledger/erasure-ledger';
import type { LedgerLine } from '../../src/erasure-ledger/ledger-hash';
import { RetentionService } from '../../src/retention/retention.service';
import { cabinet, signedInSubject } from '../consents/helpers';
import { fileAndComplete, handlingOfficer, mine, officer } from '../data-requests/helpers';
import type { StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, setUpBilling } from '../support/subjects';

const RETENTION_DAYS = 30;

describe('Every depersonalization is appended to the erasure ledger (P15.7, P17)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-ledger-'));
  const path = join(dir, 'erasure-ledger.jsonl');
  let t: TestApp;
  let billing: Billing;
  let handler: StaffActor;

  beforeAll(async () => {
    t = await startApp({
      env: { ERASURE_LEDGER_PATH: path, PD_RETENTION_DAYS: String(RETENTION_DAYS) },
    });
    billing = await setUpBilling(t);
    handler = await handlingOfficer(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileLines = (): LedgerLine[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LedgerLine);
  const tableRows = () =>
    t.db.query('SELECT seq, subjectId, reason, prevHash, hash FROM erasure_ledger ORDER BY seq');

  it('makes the empty ledger file at start, so a missing one means lost (P15.7)', () => {
    expect(fileLines()).toEqual([]);
  });

  it('appends a completed deletion and a retention run alike, hash-chained, in the table and the file, no PD (P15.7, P17)', async () => {
    const deleted = await signedInSubject(t, billing);
    const done = await fileAndComplete(t, deleted.token, handler.token, { type: 'DELETION' });
    expect(done.status).toBe(200);

    const expiring = await signedInSubject(t, billing);
    expect((await cabinet(t, expiring.token).withdraw('PD_PROCESSING')).status).toBe(200);
    t.clock.advanceDays(RETENTION_DAYS + 1);
    try {
      expect((await t.app.get(RetentionService).run()).depersonalized).toBe(1);
    } finally {
      t.clock.reset();
    }

    const lines = fileLines();
    expect(lines.map((line) => [line.seq, line.subjectId, line.reason])).toEqual([
      [1, deleted.id, 'DELETION_REQUEST'],
      [2, expiring.id, 'RETENTION_EXPIRED'],
    ]);
    expect(lines[1].prevHash).toBe(lines[0].hash);
    const ledger = t.app.get(ErasureLedger);
    for (const line of lines) expect(ledger.authentic(line)).toBe(true);
    expect(ledger.authentic({ ...lines[0], subjectId: expiring.id })).toBe(false);
    expect(await tableRows()).toEqual(
      lines.map(({ seq, subjectId, reason, prevHash, hash }) => ({
        seq,
        subjectId,
        reason,
        prevHash,
        hash,
      })),
    );
    const text = readFileSync(path, 'utf8');
    for (const subject of [deleted, expiring]) expect(text).not.toContain(subject.email);
  });

  it('refuses an erasure whose ledger line cannot be written, and erases nothing (P15.7)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({ type: 'DELETION' });
    const desk = officer(t, handler.token);
    expect((await desk.assign(filed.body.id)).status).toBe(200);
    const before = await tableRows();
    renameSync(path, `${path}.moved`);
    mkdirSync(path); // the ledger's path is now a directory: the append fails
    try {
      const refused = await desk.complete(filed.body.id);
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(refused.headers['retry-after']).toBeDefined();
    } finally {
      rmSync(path, { recursive: true });
      renameSync(`${path}.moved`, path);
    }
    expect(await tableRows()).toEqual(before);
    const [row] = await t.db.query('SELECT depersonalizedAt FROM subjects WHERE id = ?', [
      subject.id,
    ]);
    expect(row.depersonalizedAt).toBeNull();
    expect(
      Number(
        (
          await t.db.query('SELECT COUNT(*) AS n FROM subject_keys WHERE subjectId = ?', [
            subject.id,
          ])
        )[0].n,
      ),
    ).toBe(1);

    const retried = await desk.complete(filed.body.id);
    expect(retried.status).toBe(200);
    expect(fileLines().at(-1)).toMatchObject({ seq: before.length + 1, subjectId: subject.id });
  });
});
