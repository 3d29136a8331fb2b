import { startApp, type TestApp } from '../support/app';
import { bearer, createStaff } from '../support/actors';
import { type Billing, setUpBilling } from '../support/subjects';
import { signedInSubject } from '../consents/helpers';
import { MailRenderers } from '../../src/mail/renderers';
import { Role } from '../../src/staff/roles';
import { handlingOfficer, mine, officer, requestMail } from './helpers';
import type { StaffActor } from '../support/actors';

describe('Data requests: filing, review, rejection and notices (P15, P6)', () => {
  let t: TestApp;
  let billing: Billing;
  let handler: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    handler = await handlingOfficer(t);
  });
  afterAll(() => t.close());

  it('files a request from the cabinet with its status and a due time (P15.1)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({
      type: 'INFORMATION',
      details: 'Что вы храните?',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      subjectId: subject.id,
      type: 'INFORMATION',
      status: 'SUBMITTED',
      channel: 'CABINET',
      details: 'Что вы храните?',
      overdue: false,
      dueAt: expect.any(String),
    });
    expect(Date.parse(filed.body.dueAt)).toBeGreaterThan(Date.now());
    expect(filed.body.steps).toEqual([
      expect.objectContaining({ status: 'SUBMITTED', actorKind: 'subject', actorId: subject.id }),
    ]);
  });

  it('lets a compliance officer file for a subject with the channel recorded (P6)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await officer(t, handler.token).file({
      subjectId: subject.id,
      channel: 'PHONE',
      type: 'BLOCKING',
      details: 'Данные переданы без согласия',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ channel: 'PHONE', status: 'SUBMITTED' });
    const listed = await mine(t, subject.token).list();
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(filed.body.id);
  });

  it('refuses a rectification without proposed values and a blocking without the stated breach (P15.5, P15.6)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = mine(t, subject.token);
    const noValues = await me.file({ type: 'RECTIFICATION', details: 'fix' });
    expect(noValues.status).toBe(400);
    expect(noValues.body.code).toBe('VALIDATION_FAILED');
    const badValues = await me.file({ type: 'RECTIFICATION', proposed: { iin: '123' } });
    expect(badValues.status).toBe(400);
    expect(JSON.stringify(badValues.body)).not.toContain('123');
    const noBreach = await me.file({ type: 'BLOCKING' });
    expect(noBreach.status).toBe(400);
    const unknown = await me.file({ type: 'INFORMATION', extra: true });
    expect(unknown.status).toBe(400);
  });

  it('shows a rejected request with the reason to the subject, every step kept (P15)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({ type: 'DELETION' });
    const desk = officer(t, handler.token);
    expect((await desk.assign(filed.body.id)).body.status).toBe('IN_REVIEW');
    const rejected = await desk.reject(filed.body.id, 'Договор действует до 31.12.2026');
    expect(rejected.status).toBe(200);
    const seen = await mine(t, subject.token).one(filed.body.id);
    expect(seen.body).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Договор действует до 31.12.2026',
      closedAt: expect.any(String),
    });
    expect(seen.body.steps.map((step: { status: string }) => step.status)).toEqual([
      'SUBMITTED',
      'IN_REVIEW',
      'REJECTED',
    ]);
    const again = await desk.complete(filed.body.id);
    expect(again.status).toBe(409);
    const noReason = await desk.reject(filed.body.id, '');
    expect(noReason.status).toBe(400);
  });

  it('queues one PD-free email per status change, rendered in the subject language (P15)', async () => {
    const subject = await signedInSubject(t, billing, { preferredLanguage: 'kk' });
    const filed = await mine(t, subject.token).file({ type: 'INFORMATION' });
    const desk = officer(t, handler.token);
    await desk.assign(filed.body.id);
    await desk.complete(filed.body.id, { note: 'Есеп дайын' });
    const rows = await requestMail(t, subject.id);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(subject.email);
      expect(JSON.stringify(row)).not.toContain('Есеп');
    }
    const rendered = await t.app.get(MailRenderers).render({
      id: String(rows[2].id),
      kind: 'DATA_REQUEST_STATUS',
      subjectId: subject.id,
      reference: String(rows[2].reference),
    });
    expect(rendered).toMatchObject({ mail: { to: { address: subject.email } } });
    const mail = (rendered as { mail: { subject: string; text: string } }).mail;
    expect(mail.subject).toContain('орындалды');
    expect(mail.text).toContain('Есеп дайын');
  });

  it('assigns only to compliance officers and refuses other roles the officer routes', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({ type: 'INFORMATION' });
    const operator = await createStaff(t, [Role.OPERATOR]);
    const desk = officer(t, handler.token);
    const wrong = await desk.assign(filed.body.id, { assigneeId: operator.id });
    expect(wrong.status).toBe(400);
    const refused = await t.http().get('/api/v1/data-requests').set(bearer(operator.token));
    expect(refused.status).toBe(403);
    const other = await signedInSubject(t, billing);
    expect((await mine(t, other.token).one(filed.body.id)).status).toBe(404);
  });

  it('lists by status, assignee and type for compliance officers, without PD', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({ type: 'UNBLOCKING', details: 'секрет' });
    const second = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const desk = officer(t, handler.token);
    await desk.assign(filed.body.id, { assigneeId: second.id });
    const listed = await desk.list({ status: 'IN_REVIEW', assignee: second.id });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: filed.body.id, assigneeId: second.id, type: 'UNBLOCKING' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('секрет');
  });
});
