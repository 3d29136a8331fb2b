import { createHash } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

const MEDIA_DAYS = 30;
const DAY = 86_400_000;
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

describe('Every PD medium is registered (P11.3)', () => {
  let t: TestApp;
  let billing: Billing;
  /** An operator with EXPORT on IDENTITY and CONTACT for CONTRACT, and READ on everything. */
  let exporter: StaffActor;
  let orderId: string;
  let officer: StaffActor;
  let auditor: StaffActor;

  beforeAll(async () => {
    t = await startApp({ env: { MEDIA_RETENTION_DAYS: String(MEDIA_DAYS) } });
    billing = await setUpBilling(t);
    exporter = await createStaff(t, [Role.OPERATOR]);
    ({ orderId } = await grantAccess(t, exporter, {
      categories: ['IDENTITY', 'CONTACT'],
      operations: ['READ', 'EXPORT'],
      purposes: ['CONTRACT'],
    }));
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    auditor = await createStaff(t, [Role.AUDITOR]);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  const exportOf = (
    subjectId: string,
    token: string,
    body: Record<string, unknown>,
    why = 'CONTRACT',
  ) =>
    t
      .http()
      .post(`/api/v1/subjects/${subjectId}/exports`)
      .set(bearer(token))
      .set(purpose(why, 'ticket 7'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .send(body);
  const media = (token: string) => ({
    list: (query: Record<string, string> = {}) =>
      t.http().get('/api/v1/media').query(query).set(bearer(token)),
    one: (id: string) => t.http().get(`/api/v1/media/${id}`).set(bearer(token)),
    destroy: (id: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/media/${id}/destroy`).set(bearer(token)).send(body),
    verify: (id: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/media/${id}/verify`).set(bearer(token)).send(body),
  });
  const body = {
    categories: ['IDENTITY', 'CONTACT'],
    destination: 'handed to the court on request № 12',
  };

  it('answers an export as a JSON download and registers it as a medium in the transaction of its audit entry (P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const made = await exportOf(subject.id, exporter.token, body);
    expect(made.status).toBe(201);
    expect(made.headers['content-disposition']).toMatch(/^attachment; filename="export-.+\.json"$/);
    const bytes = made.body as Buffer;
    const file = JSON.parse(bytes.toString('utf8'));
    expect(file).toMatchObject({
      subjectId: subject.id,
      categories: ['IDENTITY', 'CONTACT'],
      personalData: { surname: 'Ахметова', email: subject.email },
    });
    expect(file.personalData.iban).toBeUndefined();
    const mediumId = made.headers['x-medium-id'];
    expect(file.mediumId).toBe(mediumId);
    expect(made.headers['x-checksum-sha256']).toBe(sha256(bytes));

    const registered = await media(officer.token).one(mediumId);
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({
      id: mediumId,
      kind: 'EXPORT',
      status: 'active',
      makerKind: 'staff',
      makerId: exporter.id,
      purpose: 'CONTRACT',
      orderIds: [orderId],
      subjectCount: 1,
      subjectIds: [subject.id],
      categories: ['IDENTITY', 'CONTACT'],
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      encrypted: false,
      keyId: null,
      destination: body.destination,
      destroyedAt: null,
    });
    expect(Date.parse(registered.body.destroyBy) - Date.parse(registered.body.createdAt)).toBe(
      MEDIA_DAYS * DAY,
    );
    const [entry, ...more] = await t.db
      .getRepository(AuditEntry)
      .findBy({ action: 'SUBJECT_EXPORT', targetId: mediumId });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: exporter.id,
      subjectId: subject.id,
      operation: 'EXPORT',
      purpose: 'CONTRACT',
      outcome: 'ALLOWED',
      reason: 'ticket 7',
    });
  });

  it('refuses an export without an order with EXPORT on every category asked, audits the refusal and registers nothing (P10, P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const before = await media(officer.token).list({ limit: '200' });
    const banking = await exportOf(subject.id, exporter.token, {
      ...body,
      categories: ['IDENTITY', 'BANKING'],
    });
    expect(banking.status).toBe(403);
    expect(JSON.parse(banking.body.toString()).code).toBe('ACCESS_ORDER_REQUIRED');
    const reader = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, reader, {
      categories: ['IDENTITY'],
      operations: ['READ'],
      purposes: ['CONTRACT'],
    });
    const readOnly = await exportOf(subject.id, reader.token, {
      ...body,
      categories: ['IDENTITY'],
    });
    expect(readOnly.status).toBe(403);
    const wrongPurpose = await exportOf(subject.id, exporter.token, body, 'SETTLEMENTS');
    expect(wrongPurpose.status).toBe(403);
    const noPurpose = await t
      .http()
      .post(`/api/v1/subjects/${subject.id}/exports`)
      .set(bearer(exporter.token))
      .send(body);
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.code).toBe('PURPOSE_REQUIRED');
    const denied = await t.db
      .getRepository(AuditEntry)
      .findBy({ action: 'SUBJECT_EXPORT', subjectId: subject.id, outcome: 'DENIED' });
    expect(denied.length).toBe(4);
    const after = await media(officer.token).list({ limit: '200' });
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('lets only compliance officers and auditors read the register, and only an officer record a destruction (P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const id = (await exportOf(subject.id, exporter.token, body)).headers['x-medium-id'];
    expect((await media(auditor.token).one(id)).status).toBe(200);
    expect((await media(exporter.token).one(id)).status).toBe(403);
    expect((await media(exporter.token).list()).status).toBe(403);
    expect((await media(auditor.token).destroy(id, { method: 'DELETED' })).status).toBe(403);
    expect((await media(exporter.token).destroy(id, { method: 'DELETED' })).status).toBe(403);
  });

  it('records a destruction once, with who and how, even when two officers send it at once (P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const id = (await exportOf(subject.id, exporter.token, body)).headers['x-medium-id'];
    const second = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const answers = await Promise.all([
      media(officer.token).destroy(id, { method: 'DELETED', note: 'act № 5' }),
      media(second.token).destroy(id, { method: 'WIPED' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body.code).toBe('INVALID_STATE');
    const done = answers.find((answer) => answer.status === 200)!;
    expect(done.body).toMatchObject({ status: 'destroyed', destroyedAt: expect.any(String) });
    const read = await media(auditor.token).one(id);
    expect(read.body.destroyedBy).toBe(done.body.destroyedBy);
    expect(read.body.destructionMethod).toBe(done.body.destructionMethod);
    const entries = await t.db
      .getRepository(AuditEntry)
      .findBy({ action: 'MEDIUM_DESTROY', targetId: id });
    expect(entries).toHaveLength(1);
    const unknown = await media(officer.token).destroy('00000000-0000-4000-8000-000000000000', {
      method: 'DELETED',
    });
    expect(unknown.status).toBe(404);
  });

  it('tells a registered copy from a substituted one, by checksum or by the file (P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const made = await exportOf(subject.id, exporter.token, body);
    const id = made.headers['x-medium-id'];
    const bytes = made.body as Buffer;
    const check = media(auditor.token).verify;
    expect((await check(id, { sha256: sha256(bytes) })).body).toEqual({
      mediumId: id,
      matches: true,
    });
    expect((await check(id, { contentBase64: bytes.toString('base64') })).body.matches).toBe(true);
    const altered = Buffer.from(bytes.toString('utf8').replace('Ахметова', 'Иванова'));
    expect((await check(id, { contentBase64: altered.toString('base64') })).body.matches).toBe(
      false,
    );
    expect((await check(id, { sha256: sha256(altered) })).body.matches).toBe(false);
    const both = await check(id, {
      sha256: sha256(bytes),
      contentBase64: bytes.toString('base64'),
    });
    expect(both.status).toBe(400);
    expect((await check(id, {})).status).toBe(400);
    const entries = await t.db
      .getRepository(AuditEntry)
      .findBy({ action: 'MEDIUM_VERIFY', targetId: id });
    expect(entries).toHaveLength(4);
  });

  it('lists media by kind and status: active, overdue past destroyBy, destroyed (P11.3)', async () => {
    const subject = await registerSubject(t, billing);
    const kept = (await exportOf(subject.id, exporter.token, body)).headers['x-medium-id'];
    const gone = (await exportOf(subject.id, exporter.token, body)).headers['x-medium-id'];
    await media(officer.token).destroy(gone, { method: 'SHREDDED' });
    const ids = async (query: Record<string, string>): Promise<string[]> => {
      const page = await media(officer.token).list({ ...query, limit: '200' });
      expect(page.status).toBe(200);
      return (page.body.items as Array<{ id: string }>).map((item) => item.id);
    };
    expect(await ids({ status: 'active', kind: 'EXPORT' })).toContain(kept);
    expect(await ids({ status: 'active' })).not.toContain(gone);
    expect(await ids({ status: 'destroyed' })).toContain(gone);
    expect(await ids({ kind: 'BACKUP' })).not.toContain(kept);
    const bad = await media(officer.token).list({ status: 'lost' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    t.clock.advanceDays(MEDIA_DAYS + 1);
    const late = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const overdue = await media(late.token).list({ status: 'overdue', limit: '200' });
    expect(overdue.body.items.map((item: { id: string }) => item.id)).toContain(kept);
    expect(overdue.body.items.map((item: { id: string }) => item.id)).not.toContain(gone);
  });

  it("lists in the subject's report the media holding their PD that are not destroyed (P11.3, P15.1)", async () => {
    const subject = await registerSubject(t, billing);
    const other = await registerSubject(t, billing);
    const kept = (await exportOf(subject.id, exporter.token, body)).headers['x-medium-id'];
    const gone = (await exportOf(subject.id, exporter.token, body)).headers['x-medium-id'];
    const othersOwn = (await exportOf(other.id, exporter.token, body)).headers['x-medium-id'];
    await media(officer.token).destroy(gone, { method: 'DELETED' });
    const token = await subjectLogin(t, subject.email);
    const report = await t.http().get('/api/v1/me/report').set(bearer(token));
    expect(report.status).toBe(200);
    const listed = report.body.media.map((medium: { id: string }) => medium.id);
    expect(listed).toContain(kept);
    expect(listed).not.toContain(gone);
    expect(listed).not.toContain(othersOwn);
    // The register's documented enums are copies: the shared purpose list stays the report's.
    const pdf = await t.http().get('/api/v1/me/report.pdf').set(bearer(token));
    expect(pdf.status).toBe(200);
    expect(report.body.purposes.map((each: { purpose: string }) => each.purpose)).not.toContain(
      null,
    );
    expect(report.body.media[0]).toEqual({
      id: kept,
      kind: 'EXPORT',
      categories: ['IDENTITY', 'CONTACT'],
      createdAt: expect.any(String),
      destroyBy: expect.any(String),
    });
  });
});
