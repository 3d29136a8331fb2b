import { createHash } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const EVERY_CATEGORY = ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT', 'TECHNICAL'];

describe('A report printed by staff is a registered medium (P11.3, P15)', () => {
  let t: TestApp;
  let billing: Billing;
  let officer: StaffActor;
  /** EXPORT on every category for LEGAL_OBLIGATION: what answering a paper request takes. */
  let printer: StaffActor;
  let orderId: string;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    printer = await createStaff(t, [Role.OPERATOR]);
    ({ orderId } = await grantAccess(t, printer, {
      categories: EVERY_CATEGORY,
      operations: ['EXPORT'],
      purposes: ['LEGAL_OBLIGATION'],
    }));
  });
  afterAll(() => t.close());

  const print = (subjectId: string, token: string, why = 'LEGAL_OBLIGATION') =>
    t
      .http()
      .post(`/api/v1/subjects/${subjectId}/reports`)
      .set(bearer(token))
      .set(purpose(why, 'letter of 2 December'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .send({ destination: 'sent to the subject by post' });
  const reportRows = (subjectId: string) =>
    t.db.getRepository(AuditEntry).findBy({ action: 'SUBJECT_REPORT', subjectId });

  it("prints the subject's report as a PDF and registers it as a REPORT medium in the transaction of its audit entry (P11.3, P15)", async () => {
    const subject = await registerSubject(t, billing);
    const made = await print(subject.id, printer.token);
    expect(made.status).toBe(201);
    expect(made.headers['content-type']).toBe('application/pdf');
    expect(made.headers['content-disposition']).toMatch(/^attachment; filename="report-.+\.pdf"$/);
    const bytes = made.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const mediumId = made.headers['x-medium-id'];
    expect(made.headers['x-checksum-sha256']).toBe(sha256(bytes));

    const registered = await t.http().get(`/api/v1/media/${mediumId}`).set(bearer(officer.token));
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({
      id: mediumId,
      kind: 'REPORT',
      status: 'active',
      makerKind: 'staff',
      makerId: printer.id,
      purpose: 'LEGAL_OBLIGATION',
      orderIds: [orderId],
      subjectCount: 1,
      subjectIds: [subject.id],
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      encrypted: false,
      destination: 'sent to the subject by post',
    });
    expect([...registered.body.categories].sort()).toEqual([...EVERY_CATEGORY].sort());
    const [entry, ...more] = await reportRows(subject.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: printer.id,
      targetId: mediumId,
      operation: 'EXPORT',
      purpose: 'LEGAL_OBLIGATION',
      outcome: 'ALLOWED',
      reason: 'letter of 2 December',
    });

    // The subject sees the printed copy among the media holding their PD.
    const token = await subjectLogin(t, subject.email);
    const own = await t.http().get('/api/v1/me/report').set(bearer(token));
    expect(own.status).toBe(200);
    expect(own.body.media.map((held: { id: string }) => held.id)).toContain(mediumId);
  });

  it('refuses a report to anyone without EXPORT on every category for the purpose, audits the refusal and registers nothing (P10, P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const partial = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, partial, {
      categories: ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT'],
      operations: ['READ', 'EXPORT'],
      purposes: ['LEGAL_OBLIGATION'],
    });
    const before = await t.db.query('SELECT COUNT(*) AS n FROM media');
    const missingOne = await print(subject.id, partial.token);
    expect(missingOne.status).toBe(403);
    expect(JSON.parse((missingOne.body as Buffer).toString()).code).toBe('ACCESS_ORDER_REQUIRED');
    expect((await print(subject.id, printer.token, 'CONTRACT')).status).toBe(403);
    expect((await print(subject.id, officer.token)).status).toBe(403);
    const denied = (await reportRows(subject.id)).filter((row) => row.outcome === 'DENIED');
    expect(denied).toHaveLength(3);
    const after = await t.db.query('SELECT COUNT(*) AS n FROM media');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });
});
