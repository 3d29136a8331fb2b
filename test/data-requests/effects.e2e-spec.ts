import { open } from '../../src/crypto/envelope';
import { DataKey } from '../../src/crypto/envelope';
import { Vault, wrapContext } from '../../src/crypto/vault';
import { purpose } from '../support/access';
import { bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { verifyTrail } from '../support/audit';
import { type Billing, setUpBilling, SUBJECT_PASSWORD } from '../support/subjects';
import { reportContract, signedInSubject } from '../consents/helpers';
import { fileAndComplete, handlingOfficer, mine, requestMail } from './helpers';
import type { StaffActor } from '../support/actors';

describe('What completing a data request does (P15.1–P15.7, P7, P17)', () => {
  let t: TestApp;
  let billing: Billing;
  let handler: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    handler = await handlingOfficer(t);
  });
  afterAll(() => t.close());

  const check = (subjectId: string) =>
    t
      .http()
      .get(`/api/v1/subjects/${subjectId}/consents/check`)
      .query({ purpose: 'PD_PROCESSING' })
      .set(bearer(billing.clientToken));

  it('answers an information request with the report: purposes, sources, PD by category with the card masked, terms, access log (P15.1, P15.2, P15.3)', async () => {
    const subject = await signedInSubject(t, billing);
    const done = await fileAndComplete(t, subject.token, handler.token, {
      type: 'INFORMATION',
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('COMPLETED');
    const report = await mine(t, subject.token).report();
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      subjectId: subject.id,
      holdsPersonalData: true,
      operator: { name: 'ТОО «Fingram»' },
      transfers: [],
      blocked: false,
    });
    expect(report.body.purposes.map((p: { purpose: string }) => p.purpose)).toEqual([
      'IDENTIFICATION',
      'CONTRACT',
      'SETTLEMENTS',
      'LEGAL_OBLIGATION',
    ]);
    expect(report.body.sources.length).toBeGreaterThan(0);
    expect(report.body.methods.length).toBeGreaterThan(0);
    const byCategory = Object.fromEntries(
      report.body.personalData.map((section: { category: string }) => [section.category, section]),
    );
    expect(byCategory.IDENTITY.fields).toContainEqual({ field: 'surname', value: 'Ахметова' });
    expect(byCategory.CONTACT.fields).toContainEqual({ field: 'email', value: subject.email });
    expect(byCategory.BANKING.fields).toContainEqual({
      field: 'cardNumber',
      value: '************1111',
    });
    expect(JSON.stringify(report.body)).not.toContain('4111111111111111');
    expect(byCategory.ID_DOCUMENT.retention.en).toContain('1095 days');
    expect(byCategory.TECHNICAL.retention.en).toContain('365 days');
    const actions = report.body.accessLog.map((item: { action: string }) => item.action);
    expect(actions).toEqual(
      expect.arrayContaining(['DATA_REQUEST_ASSIGN', 'DATA_REQUEST_COMPLETE']),
    );
    // The subject's own touches (filing, reading the report) are not "who accessed it".
    expect(actions).not.toContain('DATA_REQUEST_FILE');
    const complete = report.body.accessLog.find(
      (item: { action: string }) => item.action === 'DATA_REQUEST_COMPLETE',
    );
    expect(complete).toMatchObject({
      actorKind: 'staff',
      actorRoles: ['COMPLIANCE_OFFICER'],
      operation: 'READ',
      purpose: 'LEGAL_OBLIGATION',
    });
  });

  it('prints the report as a PDF in a Cyrillic font (P15.1)', async () => {
    const subject = await signedInSubject(t, billing);
    const pdf = await t
      .http()
      .get('/api/v1/me/report.pdf')
      .set(bearer(subject.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('DejaVuSans');
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it('applies an approved rectification with the same validation and history, attributed to the officer (P15.5, P6, P18)', async () => {
    const subject = await signedInSubject(t, billing);
    const done = await fileAndComplete(t, subject.token, handler.token, {
      type: 'RECTIFICATION',
      details: 'Сменила фамилию',
      proposed: { surname: 'Серикова', phone: '+77017654321' },
      documents: [{ title: 'Свидетельство о браке', reference: 'AB-123' }],
    });
    expect(done.status).toBe(200);
    const me = await t.http().get('/api/v1/me').set(bearer(subject.token));
    expect(me.body.pd).toMatchObject({ surname: 'Серикова', phone: '+77017654321' });
    const history = await t.db.query(
      'SELECT field, actorKind, channel FROM subject_changes WHERE subjectId = ? ORDER BY field',
      [subject.id],
    );
    expect(history).toEqual([
      { field: 'phone', actorKind: 'staff', channel: 'DATA_REQUEST' },
      { field: 'surname', actorKind: 'staff', channel: 'DATA_REQUEST' },
    ]);
  });

  it('blocks the subject: the consent check answers SUBJECT_BLOCKED until an unblocking request is completed (P15.6)', async () => {
    const subject = await signedInSubject(t, billing);
    expect((await check(subject.id)).body.allowed).toBe(true);
    const blocked = await fileAndComplete(t, subject.token, handler.token, {
      type: 'BLOCKING',
      details: 'Мои данные передали без согласия',
    });
    expect(blocked.status).toBe(200);
    const refused = await check(subject.id);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ allowed: false, code: 'SUBJECT_BLOCKED' });
    expect((await t.http().get('/api/v1/me').set(bearer(subject.token))).body.blocked).toBe(true);
    const unblocked = await fileAndComplete(t, subject.token, handler.token, {
      type: 'UNBLOCKING',
    });
    expect(unblocked.status).toBe(200);
    expect((await check(subject.id)).body.allowed).toBe(true);
  });

  it('refuses deletion while the contract is ACTIVE and leaves the request in review (P7)', async () => {
    const subject = await signedInSubject(t, billing);
    await reportContract(t, billing, subject.id, 'ACTIVE');
    const refused = await fileAndComplete(t, subject.token, handler.token, {
      type: 'DELETION',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'CONTRACT_OBLIGATIONS_OUTSTANDING',
      details: { contractState: 'ACTIVE' },
    });
    const [row] = await t.db.query('SELECT depersonalizedAt FROM subjects WHERE id = ?', [
      subject.id,
    ]);
    expect(row.depersonalizedAt).toBeNull();
    const [request] = (await mine(t, subject.token).list()).body.items;
    expect(request.status).toBe('IN_REVIEW');
    const denied = await t.db.query(
      "SELECT outcome, code FROM audit_entries WHERE subjectId = ? AND action = 'DATA_REQUEST_COMPLETE'",
      [subject.id],
    );
    expect(denied).toEqual([{ outcome: 'DENIED', code: 'CONTRACT_OBLIGATIONS_OUTSTANDING' }]);
  });

  it('deletes while ACTIVE when the officer confirms unlawful processing (P15.7)', async () => {
    const subject = await signedInSubject(t, billing);
    await reportContract(t, billing, subject.id, 'ACTIVE');
    const done = await fileAndComplete(
      t,
      subject.token,
      handler.token,
      { type: 'DELETION', details: 'Данные собраны незаконно' },
      { unlawfulProcessing: true },
    );
    expect(done.status).toBe(200);
    const [row] = await t.db.query(
      'SELECT depersonalizedAt, depersonalizationReason FROM subjects WHERE id = ?',
      [subject.id],
    );
    expect(row.depersonalizedAt).not.toBeNull();
    expect(row.depersonalizationReason).toBe('UNLAWFUL_PROCESSING');
  });

  it('deletes after the contract is TERMINATED: the key is destroyed, no stored value decrypts, indexes and password are gone, the trail verifies (P15.7, P7, P17)', async () => {
    const subject = await signedInSubject(t, billing);
    await reportContract(t, billing, subject.id, 'ACTIVE');
    // A change first, so there is sealed history too.
    await fileAndComplete(t, subject.token, handler.token, {
      type: 'RECTIFICATION',
      proposed: { bankName: 'Kaspi Bank' },
    });
    await reportContract(t, billing, subject.id, 'TERMINATED');
    type Row = Record<string, string>;
    const rows = async (sql: string): Promise<Row[]> =>
      t.db.query<Row[]>(sql, sql.includes('?') ? [subject.id] : []);
    const sealed = async (): Promise<Array<{ context: string; value: string }>> => [
      ...(
        await rows(
          'SELECT id, field, oldValue FROM subject_changes WHERE subjectId = ? AND oldValue IS NOT NULL',
        )
      ).map((r) => ({ context: `change/${r.id}/${r.field}`, value: r.oldValue })),
      ...(await rows('SELECT id, evidence FROM consents WHERE subjectId = ?')).map((r) => ({
        context: `consent/${r.id}/evidence`,
        value: r.evidence,
      })),
      ...(await rows('SELECT id, sealedBody FROM data_requests WHERE subjectId = ?')).map((r) => ({
        context: `request/${r.id}/body`,
        value: r.sealedBody,
      })),
      ...(
        await rows(
          'SELECT id, note FROM data_request_steps WHERE subjectId = ? AND note IS NOT NULL',
        )
      ).map((r) => ({ context: `request-step/${r.id}/note`, value: r.note })),
      ...Object.entries(
        JSON.parse((await rows('SELECT sealed FROM subjects WHERE id = ?'))[0].sealed) as Row,
      ).map(([field, value]) => ({ context: field, value })),
    ];
    const vault = t.app.get(Vault);
    const key = await vault.keyFor(subject.id);
    const before = await sealed();
    expect(before.length).toBeGreaterThan(10);
    for (const { context, value } of before) expect(() => key!.open(context, value)).not.toThrow();

    const done = await fileAndComplete(
      t,
      subject.token,
      handler.token,
      { type: 'DELETION' },
      { note: 'Данные уничтожены' },
    );
    expect(done.status).toBe(200);

    expect(await vault.keyFor(subject.id)).toBeNull();
    const [row] = await t.db.query('SELECT * FROM subjects WHERE id = ?', [subject.id]);
    expect(row).toMatchObject({
      emailIndex: null,
      phoneIndex: null,
      iinIndex: null,
      passwordHash: null,
      depersonalizationReason: 'DELETION_REQUEST',
    });
    expect(row.depersonalizedAt).not.toBeNull();
    const after = await sealed();
    expect(JSON.parse(row.sealed)).toEqual({});
    // What stays sealed: change history, consent evidence, the requests and their notes.
    expect(after.length).toBeGreaterThanOrEqual(4);
    // Every data key left in the database, tried on every value: none opens.
    const masters = t.config.keys.masterKeys;
    const stored = await rows('SELECT subjectId, masterKeyId, wrappedKey FROM subject_keys');
    const keys = stored.map(
      (k) =>
        new DataKey(
          subject.id,
          open(masters.get(k.masterKeyId)!, wrapContext(k.subjectId), k.wrappedKey),
        ),
    );
    expect(keys.length).toBeGreaterThan(0);
    for (const { context, value } of after) {
      for (const other of keys) expect(() => other.open(context, value)).toThrow();
    }
    // No route returns the old values; the old token and password are dead.
    expect((await t.http().get('/api/v1/me').set(bearer(subject.token))).status).toBe(401);
    const login = await t
      .http()
      .post('/api/v1/auth/subjects/login')
      .send({ email: subject.email, password: SUBJECT_PASSWORD });
    expect(login.status).toBe(401);
    expect((await check(subject.id)).status).toBe(404);
    const staffRead = await t
      .http()
      .get(`/api/v1/subjects/${subject.id}`)
      .set(bearer(handler.token))
      .set(purpose('LEGAL_OBLIGATION'));
    expect(staffRead.status).toBe(404);
    const search = await t
      .http()
      .get('/api/v1/subjects')
      .query({ email: subject.email })
      .set(bearer(handler.token))
      .set(purpose('LEGAL_OBLIGATION'));
    expect(JSON.stringify(search.body)).not.toContain(subject.id);
    const audit = await t.db.query('SELECT * FROM audit_entries WHERE subjectId = ?', [subject.id]);
    expect(JSON.stringify(audit)).not.toContain(subject.email);
    expect(audit.map((e: { action: string }) => e.action)).toContain('SUBJECT_DEPERSONALIZE');
    expect((await verifyTrail(t, handler.token)).ok).toBe(true);
    // The deletion's notices were queued; the last can no longer find an address.
    const mail = await requestMail(t, subject.id);
    expect(mail.length).toBeGreaterThanOrEqual(6);
  });
});
