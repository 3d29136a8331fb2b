import { OutboxWorker } from '../../src/mail/outbox-worker';
import { Role } from '../../src/staff/roles';
import { bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { runCli } from '../support/instance';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { type Billing, publishPolicy, setUpBilling } from '../support/subjects';
import { cabinet, type SignedIn, signedInSubject } from './helpers';

const MAIL_FROM = 'privacy@fingram.test';
const TEXTS = {
  text: 'Новая редакция: данные хранятся в Казахстане.',
  textKk: 'Жаңа редакция: деректер Қазақстанда сақталады.',
  textEn: 'New version: data is stored in Kazakhstan.',
};

interface OutboxRow {
  id: string;
  subjectId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
}

describe('Email notice of a significant policy change, through the outbox (P20)', () => {
  let t: TestApp;
  let billing: Billing;
  let smtp: TestSmtp;
  let officer: string;
  let accepted: SignedIn;
  let later: SignedIn;
  let acceptsMeanwhile: SignedIn;
  let withdrew: SignedIn;
  let newcomer: SignedIn;
  let versionId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp();
    billing = await setUpBilling(t);
    officer = billing.officerToken;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const outbox = async (query: Record<string, string> = {}) => {
    const response = await t.http().get('/api/v1/outbox').query(query).set(bearer(officer));
    expect(response.status).toBe(200);
    return response.body as { items: OutboxRow[]; counts: Record<string, number> };
  };

  it('queues one message per subject who accepted an earlier version, in the publication, and none for a non-significant change (P20)', async () => {
    accepted = await signedInSubject(t, billing, { preferredLanguage: 'kk' });
    acceptsMeanwhile = await signedInSubject(t, billing);
    withdrew = await signedInSubject(t, billing);
    await cabinet(t, withdrew.token).withdraw('PD_PROCESSING');
    const minor = await t
      .http()
      .post('/api/v1/policy-versions')
      .set(bearer(officer))
      .send({ label: 'minor-fix', text: 'Опечатка исправлена', significant: false });
    expect(minor.body.noticesQueued).toBe(0);
    billing.policyVersionId = minor.body.id;
    later = await signedInSubject(t, billing);
    expect((await outbox()).items).toEqual([]);

    const published = await t
      .http()
      .post('/api/v1/policy-versions')
      .set(bearer(officer))
      .send({ label: 'significant-2', ...TEXTS, significant: true });
    expect(published.status).toBe(201);
    versionId = published.body.id;
    expect(published.body.noticesQueued).toBe(3);
    billing.policyVersionId = versionId;
    newcomer = await signedInSubject(t, billing);

    const queued = await outbox({ reference: versionId });
    expect(queued.items.map((m) => m.subjectId).sort()).toEqual(
      [accepted.id, acceptsMeanwhile.id, later.id].sort(),
    );
    expect(queued.items.every((m) => m.status === 'PENDING' && m.attempts === 0)).toBe(true);
    expect(queued.counts).toMatchObject({ PENDING: 3, SENT: 0, FAILED: 0 });
  });

  it('keeps no PD in the outbox: ids, kind, status and codes only', async () => {
    const rows: Array<Record<string, unknown>> = await t.db.query('SELECT * FROM outbox_messages');
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        'attempts',
        'claimToken',
        'claimedUntil',
        'createdAt',
        'id',
        'kind',
        'lastError',
        'nextAttemptAt',
        'reference',
        'sentAt',
        'status',
        'subjectId',
      ].sort(),
    );
    const dump = JSON.stringify(rows);
    for (const subject of [accepted, later, acceptsMeanwhile]) {
      for (const value of [
        subject.email,
        subject.body.phone,
        subject.body.iin,
        'Ахметова',
        'Айгерим',
      ])
        expect(dump).not.toContain(String(value));
    }
    expect(rows.every((row) => row.kind === 'POLICY_CHANGED' && row.reference === versionId)).toBe(
      true,
    );
  });

  it('sends nothing without SMTP_URL, and prints the waiting messages rendered with outbox:print', async () => {
    expect(await t.app.get(OutboxWorker).tick()).toBe(0);
    expect((await outbox()).counts.PENDING).toBe(3);
    const printed = await runCli({ ...t.env, DB_MIGRATIONS_RUN: 'false' }, ['outbox:print']);
    expect(printed.code).toBe(0);
    for (const subject of [accepted, later, acceptsMeanwhile])
      expect(printed.stdout).toContain(`To: Ахметова Айгерим Серикқызы <${subject.email}>`);
    expect(printed.stdout).not.toContain(withdrew.email);
    expect(printed.stdout).not.toContain(newcomer.email);
    expect(printed.stdout).toContain('Subject: Изменение политики конфиденциальности');
    for (const text of Object.values(TEXTS)) expect(printed.stdout).toContain(text);
    expect(printed.stdout).toContain('3 message(s) waiting in the outbox');
    expect((await outbox()).counts.PENDING).toBe(3);
    expect(smtp.received).toEqual([]);
  });

  it('lists for a compliance officer who has not accepted the version yet, with a count, page by page (P20)', async () => {
    const pending = (query: Record<string, string | number> = {}) =>
      t
        .http()
        .get(`/api/v1/policy-versions/${versionId}/pending-acceptances`)
        .query(query)
        .set(bearer(officer));
    const all = await pending();
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(3);
    expect(all.body.items.map((i: { subjectId: string }) => i.subjectId).sort()).toEqual(
      [accepted.id, acceptsMeanwhile.id, later.id].sort(),
    );
    expect(await cabinet(t, acceptsMeanwhile.token).give('PD_PROCESSING', versionId)).toMatchObject(
      {
        status: 201,
      },
    );
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await pending(cursor ? { limit: 1, cursor } : { limit: 1 });
      expect(page.body.count).toBe(2);
      walked.push(...page.body.items.map((i: { subjectId: string }) => i.subjectId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(walked.sort()).toEqual([accepted.id, later.id].sort());
    const operator = await createStaff(t, [Role.OPERATOR]);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/policy-versions/${versionId}/pending-acceptances`)
          .set(bearer(operator.token))
      ).status,
    ).toBe(403);
    expect((await t.http().get('/api/v1/outbox').set(bearer(operator.token))).status).toBe(403);
  });

  it('delivers one email per affected subject over SMTP, in Russian with Kazakh and English, and none to anyone else (P20)', async () => {
    t = await t.restart({ SMTP_URL: smtp.url, MAIL_FROM, MAIL_POLL_MS: '100' });
    const settled = await eventually(async () => {
      const { items } = await outbox({ reference: versionId });
      return items.every((m) => m.status !== 'PENDING' && m.status !== 'SENDING') && items;
    }, 'the outbox to drain');
    const bySubject = new Map(settled.map((m) => [m.subjectId, m]));
    expect(bySubject.get(accepted.id)).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(bySubject.get(later.id)).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(bySubject.get(acceptsMeanwhile.id)).toMatchObject({
      status: 'SKIPPED',
      lastError: 'ALREADY_ACCEPTED',
    });

    expect(smtp.received).toHaveLength(2);
    for (const subject of [accepted, later]) {
      const [mail] = smtp.to(subject.email);
      expect(mail.recipients).toEqual([subject.email]);
      expect(mail.messageId).toBe(`<${bySubject.get(subject.id)!.id}@fingram.test>`);
      expect(mail.envelopeFrom).toBe(MAIL_FROM);
      expect(mail.text).toContain('Здравствуйте, Ахметова Айгерим Серикқызы!');
      for (const text of Object.values(TEXTS)) expect(mail.text).toContain(text);
    }
    expect(smtp.to(accepted.email)[0].subject).toBe(
      'Изменение политики конфиденциальности: редакция significant-2 / Құпиялылық саясатының өзгеруі: significant-2 редакциясы',
    );
    expect(smtp.to(later.email)[0].subject).toBe(
      'Изменение политики конфиденциальности: редакция significant-2',
    );
    for (const subject of [acceptsMeanwhile, withdrew, newcomer])
      expect(smtp.to(subject.email)).toEqual([]);
  });

  it('announces the next significant version to everyone now on an earlier one, never to a subject who withdrew (P20)', async () => {
    const third = await publishPolicy(t, officer, { significant: true });
    const { items } = await outbox({ reference: third.id });
    expect(items.map((m) => m.subjectId).sort()).toEqual(
      [accepted.id, later.id, acceptsMeanwhile.id, newcomer.id].sort(),
    );
  });
});
