import { newKey } from '../../src/config/keys';
import { open } from '../../src/crypto/envelope';
import { SubjectsService } from '../../src/subjects/subjects.service';
import { bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { runCli } from '../support/instance';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

/** Every form a stored value could leak in: as sent, normalised, digits only. */
function plaintextForms(body: Record<string, unknown>): string[] {
  const document = body.idDocument as Record<string, string>;
  const values = [
    body.surname,
    body.givenName,
    body.patronymic,
    body.email,
    body.phone,
    String(body.phone).replace('+', ''),
    String(body.phone).slice(-7),
    body.iin,
    body.iban,
    body.cardNumber,
    String(body.cardNumber).slice(0, 12),
    body.bankName,
    document.number,
    document.issuer,
    '203.0.113.7',
  ];
  return values.map(String);
}

async function dumpAllTables(t: TestApp): Promise<string> {
  const tables = [
    'subjects',
    'subject_keys',
    'consents',
    'subject_changes',
    'contract_state_changes',
    'visits',
  ];
  const rows = await Promise.all(tables.map((table) => t.db.query(`SELECT * FROM ${table}`)));
  return JSON.stringify(rows);
}

describe("PD encrypted at rest under each subject's own key (P11.4)", () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp({ env: { MASTER_KEYS: `k1:${newKey()}` } });
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  it('keeps no plaintext PD value in any table, index included (P11.4)', async () => {
    const subject = await registerSubject(t, billing);
    const dump = await dumpAllTables(t);
    for (const value of plaintextForms(subject.body)) expect(dump).not.toContain(value);
    const [row] = await t.db.query('SELECT * FROM subjects WHERE id = ?', [subject.id]);
    const sealed = JSON.parse(row.sealed) as Record<string, string>;
    expect(Object.keys(sealed).length).toBe(14);
    for (const value of Object.values(sealed)) expect(value).toMatch(/^v1\./);
    for (const index of [row.emailIndex, row.phoneIndex, row.iinIndex])
      expect(index).toMatch(/^[0-9a-f]{64}$/);
  });

  it('binds each ciphertext to its subject and field: a copied value does not open (P11.4)', async () => {
    const a = await registerSubject(t, billing);
    const b = await registerSubject(t, billing);
    const [rowA] = await t.db.query('SELECT sealed FROM subjects WHERE id = ?', [a.id]);
    const [rowB] = await t.db.query('SELECT sealed FROM subjects WHERE id = ?', [b.id]);
    const sealedB = JSON.parse(rowB.sealed);
    sealedB.surname = JSON.parse(rowA.sealed).surname;
    sealedB.givenName = sealedB.email;
    await t.db.query('UPDATE subjects SET sealed = ? WHERE id = ?', [
      JSON.stringify(sealedB),
      b.id,
    ]);
    const token = await subjectLogin(t, b.email);
    const response = await t.http().get('/api/v1/me').set(bearer(token));
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('Ахметова');
    const errors = t.logs.lines
      .map((line) => JSON.parse(line) as { level: number; err?: unknown })
      .filter((line) => line.level >= 50);
    expect(errors.map((line) => line.err)).toEqual([
      { type: 'Error', stack: expect.stringContaining('at ') },
      { type: 'Error' },
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/Unsupported state|auth/);
    for (const value of plaintextForms(b.body)) expect(t.logs.text()).not.toContain(value);
  });

  it('finds exactly one subject by email, phone and IIN through the blind indexes', async () => {
    const subjects = await Promise.all([1, 2, 3].map(() => registerSubject(t, billing)));
    const target = subjects[1];
    const registry = t.app.get(SubjectsService);
    expect(await registry.findIdBy('iin', target.body.iin as string)).toBe(target.id);
    expect(await registry.findIdBy('email', target.email.toUpperCase())).toBe(target.id);
    const localPhone = `8${String(target.body.phone).slice(2)}`;
    expect(await registry.findIdBy('phone', localPhone)).toBe(target.id);
    expect(await registry.findIdBy('iin', '900101300007')).toBeNull();
  });

  it('rotates the master key with a command: old and new rows read back, then the old key can go (P11.4)', async () => {
    const oldKey = t.env.MASTER_KEYS;
    const before = await registerSubject(t, billing);
    const k2 = `k2:${newKey()}`;
    t = await t.restart({ MASTER_KEYS: `${oldKey},${k2}`, MASTER_KEY_ID: 'k2' });
    billing = await setUpBilling(t);
    const after = await registerSubject(t, billing);
    const wrappedBefore: Array<{ masterKeyId: string; n: number }> = await t.db.query(
      'SELECT masterKeyId, COUNT(*) AS n FROM subject_keys GROUP BY masterKeyId',
    );
    expect(wrappedBefore.map((row) => row.masterKeyId).sort()).toEqual(['k1', 'k2']);
    const sealedBefore = await t.db.query('SELECT id, sealed FROM subjects ORDER BY id');

    const rotation = await runCli(
      { ...t.env, MASTER_KEYS: `${oldKey},${k2}`, MASTER_KEY_ID: 'k2', DB_MIGRATIONS_RUN: 'false' },
      ['keys:rotate'],
    );
    expect(rotation.code).toBe(0);
    const result = JSON.parse(rotation.stdout.trim().split('\n').at(-1)!);
    expect(result).toEqual({
      rewrapped: Number(wrappedBefore.find((row) => row.masterKeyId === 'k1')!.n),
      current: 'k2',
      resealed: {
        webhookSecrets: { resealed: 0, unreadable: 0 },
        idempotentAnswers: { resealed: 0, unreadable: 0 },
      },
    });
    expect(await t.db.query('SELECT DISTINCT masterKeyId FROM subject_keys')).toEqual([
      { masterKeyId: 'k2' },
    ]);
    expect(await t.db.query('SELECT id, sealed FROM subjects ORDER BY id')).toEqual(sealedBefore);

    t = await t.restart({ MASTER_KEYS: k2, MASTER_KEY_ID: 'k2' });
    for (const subject of [before, after]) {
      const me = await t
        .http()
        .get('/api/v1/me')
        .set(bearer(await subjectLogin(t, subject.email)));
      expect(me.status).toBe(200);
      expect(me.body.pd.iin).toBe(subject.body.iin);
    }
  });

  it('wraps data keys so that without the master key they do not open', async () => {
    const [row] = await t.db.query('SELECT subjectId, wrappedKey FROM subject_keys LIMIT 1');
    expect(() =>
      open(Buffer.from(newKey(), 'base64'), `dek/${row.subjectId}`, row.wrappedKey),
    ).toThrow();
  });
});
