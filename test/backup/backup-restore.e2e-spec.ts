import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from '../../src/crypto/envelope';
import { wrapContext } from '../../src/crypto/vault';
import { fileAndComplete, handlingOfficer } from '../data-requests/helpers';
import { bearer, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { runCli, spawnInstance } from '../support/instance';
import {
  type Billing,
  registerSubject,
  type RegisteredSubject,
  setUpBilling,
  SUBJECT_PASSWORD,
  subjectLogin,
} from '../support/subjects';
import { backupKey, emptyTarget, http, lastJson, me, type Target } from './helpers';

/** Every command is a process that compiles the service at start: slow on a busy machine. */
jest.setTimeout(600_000);

const other = driver === 'sqlite' ? 'mysql' : 'sqlite';

describe('Backups are restored without bringing deleted PD back (P11.5, P15.7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-backup-'));
  const file = join(dir, 'pd.backup');
  const ledger = join(dir, 'erasure-ledger.jsonl');
  let t: TestApp;
  let billing: Billing;
  let handler: StaffActor;
  let subjects: RegisteredSubject[];
  let before: Array<Record<string, unknown>>;
  let deletedSealed: Record<string, string>;
  let backup: Record<string, unknown>;
  const targets: Target[] = [];
  const target = async (env: Record<string, string> = {}, on = driver) => {
    const made = await emptyTarget(t, on, env);
    targets.push(made);
    return made;
  };

  beforeAll(async () => {
    t = await startApp({ env: { BACKUP_KEY: backupKey('b1'), ERASURE_LEDGER_PATH: ledger } });
    billing = await setUpBilling(t);
    handler = await handlingOfficer(t);
    subjects = [];
    for (let i = 0; i < 3; i++) subjects.push(await registerSubject(t, billing));
    before = [];
    for (const subject of subjects) {
      const token = await subjectLogin(t, subject.email);
      before.push((await t.http().get('/api/v1/me').set(bearer(token))).body);
    }
    const made = await runCli(t.env, [
      'backup',
      '--out',
      file,
      '--destination',
      'offsite store B',
      '--json',
    ]);
    if (made.code !== 0) throw new Error(`backup failed: ${made.stderr}`);
    backup = lastJson(made.stdout);
    // After the backup, the first subject is deleted at their request (P15.7).
    const [row] = await t.db.query('SELECT sealed FROM subjects WHERE id = ?', [subjects[0].id]);
    deletedSealed = JSON.parse(String(row.sealed)) as Record<string, string>;
    const token = await subjectLogin(t, subjects[0].email);
    const done = await fileAndComplete(t, token, handler.token, {
      type: 'DELETION',
      details: 'Прошу удалить мои данные',
    });
    if (done.status !== 200) throw new Error(`deletion failed: ${JSON.stringify(done.body)}`);
  });
  afterAll(async () => {
    for (const made of targets) await made.drop();
    await t.close();
  });

  it('writes an encrypted, checksummed file and registers it as a BACKUP medium (P11.5, P11.3)', async () => {
    const bytes = readFileSync(file);
    expect(backup).toMatchObject({ keyId: 'b1', bytes: bytes.length });
    expect(readFileSync(`${file}.sha256`, 'utf8')).toContain(String(backup.sha256));
    expect((backup.tables as Record<string, number>).subjects).toBe(3);
    // No PD in clear anywhere in the file.
    for (const value of [subjects[1].email, 'Ахметова', 'KZ86125KZT5004100100'])
      expect(bytes.includes(Buffer.from(value))).toBe(false);
    const medium = await t
      .http()
      .get(`/api/v1/media/${String(backup.mediumId)}`)
      .set(bearer(billing.officerToken));
    expect(medium.status).toBe(200);
    expect(medium.body).toMatchObject({
      kind: 'BACKUP',
      encrypted: true,
      keyId: 'b1',
      sha256: backup.sha256,
      sizeBytes: bytes.length,
      destination: 'offsite store B',
      subjectCount: 3,
      status: 'active',
    });
    expect(medium.body.destroyBy).toBe(backup.destroyBy);
  });

  it('appends the deletion to the erasure ledger, in the database and the file, without PD (P15.7)', async () => {
    const lines = readFileSync(ledger, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      seq: 1,
      subjectId: subjects[0].id,
      reason: 'DELETION_REQUEST',
    });
    expect(JSON.stringify(lines)).not.toContain(subjects[0].email);
    const rows = await t.db.query('SELECT seq, subjectId, hash FROM erasure_ledger');
    expect(rows).toEqual([{ seq: 1, subjectId: subjects[0].id, hash: lines[0].hash }]);
  });

  it('restores into a new database: the deleted subject stays a tombstone no key opens, the others read as before, the trail verifies, an instance serves them (P11.5, P15.7)', async () => {
    const fresh = await target();
    const restored = await runCli(fresh.env, ['restore', '--in', file, '--json']);
    expect(restored.code).toBe(0);
    const report = lastJson(restored.stdout);
    expect(report).toMatchObject({
      ok: true,
      erasures: { reapplied: 1, uncommitted: 0, tombstoned: 1, withoutLedger: false },
      trail: { ok: true },
    });
    expect(report.tables).toEqual(backup.tables);

    const [tomb] = await fresh.query(
      'SELECT sealed, emailIndex, passwordHash, depersonalizedAt, depersonalizationReason FROM subjects WHERE id = ?',
      [subjects[0].id],
    );
    expect(tomb).toMatchObject({ emailIndex: null, passwordHash: null });
    expect(JSON.parse(String(tomb.sealed))).toEqual({});
    expect(tomb.depersonalizedAt).not.toBeNull();
    expect(tomb.depersonalizationReason).toBe('DELETION_REQUEST');
    // Not the subject's key, nor any other the restored database holds, opens their PD.
    const keys = await fresh.query('SELECT subjectId, masterKeyId, wrappedKey FROM subject_keys');
    expect(keys.map((key) => key.subjectId)).not.toContain(subjects[0].id);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const masters = new Map(
      t.env.MASTER_KEYS.split(',').map((pair) => {
        const [id, key] = pair.split(':');
        return [id, Buffer.from(key, 'base64')];
      }),
    );
    const fields = Object.entries(deletedSealed);
    expect(fields.length).toBeGreaterThan(3);
    for (const key of keys) {
      const dek = open(
        masters.get(String(key.masterKeyId))!,
        wrapContext(String(key.subjectId)),
        String(key.wrappedKey),
      );
      for (const [field, sealed] of fields) {
        expect(() => open(dek, `${subjects[0].id}/${field}`, sealed)).toThrow();
        expect(() => open(dek, `${String(key.subjectId)}/${field}`, sealed)).toThrow();
      }
    }
    const reapplied = await fresh.query(
      "SELECT subjectId FROM audit_entries WHERE action = 'ERASURE_REAPPLY'",
    );
    expect(reapplied).toEqual([{ subjectId: subjects[0].id }]);
    expect(await fresh.count('erasure_ledger')).toBe(1);

    const instance = await spawnInstance(fresh.env);
    try {
      for (const i of [1, 2]) {
        const read = await me(instance.url, subjects[i].email, SUBJECT_PASSWORD);
        expect(read.status).toBe(200);
        expect(read.body).toEqual(before[i]);
      }
      expect((await me(instance.url, subjects[0].email, SUBJECT_PASSWORD)).status).toBe(401);
    } finally {
      await instance.stop();
    }
  });

  it(`restores a ${driver} backup into ${other}: the backup is driver-independent (P11.5)`, async () => {
    const across = await target({}, other);
    const restored = await runCli(across.env, ['restore', '--in', file, '--json']);
    expect(restored.code).toBe(0);
    expect(lastJson(restored.stdout)).toMatchObject({
      ok: true,
      sourceDriver: driver === 'sqlite' ? 'better-sqlite3' : expect.stringMatching(/mysql|mariadb/),
      erasures: { reapplied: 1 },
      trail: { ok: true },
    });
    const instance = await spawnInstance(across.env);
    try {
      const read = await me(instance.url, subjects[2].email, SUBJECT_PASSWORD);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(before[2]);
    } finally {
      await instance.stop();
    }
  });

  it('registers, in the restored database, the BACKUP medium of the very backup it came from, with its entry (P11.3)', async () => {
    const mediumId = String(backup.mediumId);
    const fresh = await target();
    const restored = await runCli(fresh.env, ['restore', '--in', file, '--json']);
    expect(restored.code).toBe(0);
    expect(lastJson(restored.stdout)).toMatchObject({
      ok: true,
      medium: { id: mediumId, registered: true },
      trail: { ok: true },
    });
    const made = await fresh.query(
      "SELECT targetId, actorKind, actorId FROM audit_entries WHERE action = 'BACKUP_CREATE'",
    );
    expect(made).toEqual([{ targetId: mediumId, actorKind: 'system', actorId: null }]);
    const registered = await t
      .http()
      .get(`/api/v1/media/${mediumId}`)
      .set(bearer(billing.officerToken));
    expect(registered.status).toBe(200);
    const instance = await spawnInstance(fresh.env);
    try {
      const medium = await http(instance.url)
        .get(`/api/v1/media/${mediumId}`)
        .set(bearer(billing.officerToken));
      expect(medium.status).toBe(200);
      // The same register entry as the source's: id, maker, time, size, checksum, key, terms.
      expect(medium.body).toEqual(registered.body);
      expect(medium.body).toMatchObject({ kind: 'BACKUP', keyId: 'b1', sha256: backup.sha256 });
    } finally {
      await instance.stop();
    }
  });

  it('refuses to restore into a database that is not empty, and changes nothing (P11.5)', async () => {
    const rows = await t.db.query('SELECT COUNT(*) AS n FROM audit_entries');
    const refused = await runCli(t.env, ['restore', '--in', file, '--json']);
    expect(refused.code).toBe(1);
    expect(lastJson(refused.stdout)).toMatchObject({ ok: false, code: 'NOT_EMPTY' });
    expect(await t.db.query('SELECT COUNT(*) AS n FROM audit_entries')).toEqual(rows);
  });

  it('refuses a wrong key, an unknown key, a changed file and a wrong checksum, writing nothing (P11.5)', async () => {
    const tampered = join(dir, 'tampered.backup');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(tampered, bytes);
    const { createHash } = await import('node:crypto');
    writeFileSync(
      `${tampered}.sha256`,
      `${createHash('sha256').update(bytes).digest('hex')}  tampered.backup\n`,
    );
    const cases: Array<[Record<string, string>, string[], string]> = [
      [{ BACKUP_KEY: backupKey('b1') }, ['--in', file], 'WRONG_KEY'],
      [{ BACKUP_KEY: backupKey('b2') }, ['--in', file], 'UNKNOWN_KEY'],
      [{}, ['--in', tampered], 'TAMPERED'],
      [{}, ['--in', file, '--sha256', 'ab'.repeat(32)], 'CHECKSUM_MISMATCH'],
    ];
    for (const [env, args, code] of cases) {
      const fresh = await target(env);
      const refused = await runCli(fresh.env, ['restore', ...args, '--json']);
      expect(refused.code).toBe(1);
      expect(lastJson(refused.stdout)).toMatchObject({ ok: false, code });
      expect(refused.stderr).not.toContain('Ахметова');
      for (const table of ['subjects', 'subject_keys', 'audit_entries', 'staff_members'])
        expect(await fresh.count(table)).toBe(0);
    }
  });

  it('refuses to finish without the erasure ledger unless --without-ledger, which the restored trail records (P15.7)', async () => {
    const missing = { ERASURE_LEDGER_PATH: join(dir, 'nowhere', 'ledger.jsonl') };
    const fresh = await target(missing);
    const refused = await runCli(fresh.env, ['restore', '--in', file, '--json']);
    expect(refused.code).toBe(1);
    expect(lastJson(refused.stdout)).toMatchObject({ ok: false, code: 'NO_LEDGER' });
    expect(await fresh.count('subjects')).toBe(0);

    const anyway = await runCli(fresh.env, ['restore', '--in', file, '--without-ledger', '--json']);
    expect(anyway.code).toBe(0);
    expect(lastJson(anyway.stdout)).toMatchObject({
      ok: true,
      erasures: { reapplied: 0, withoutLedger: true },
    });
    const [recorded] = await fresh.query(
      "SELECT reason FROM audit_entries WHERE action = 'BACKUP_RESTORE'",
    );
    expect(String(recorded.reason)).toContain('WITHOUT the erasure ledger');
    // Which is why it is recorded: the subject deleted after the backup is back.
    const [back] = await fresh.query('SELECT depersonalizedAt FROM subjects WHERE id = ?', [
      subjects[0].id,
    ]);
    expect(back.depersonalizedAt).toBeNull();
  });
});
