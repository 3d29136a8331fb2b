import { Mailer } from '../../src/mail/mailer';
import { startApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { type Instance, spawnInstance } from '../support/instance';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { type Billing, publishPolicy, registerSubject, setUpBilling } from '../support/subjects';

const SUBJECTS = 40;

describe('Each email sent exactly once with two instances draining the outbox (P20, running at scale)', () => {
  let t: TestApp;
  let billing: Billing;
  let smtp: TestSmtp;
  let second: Instance;

  beforeAll(async () => {
    smtp = await startSmtp();
    const mail = { SMTP_URL: smtp.url, MAIL_FROM: 'privacy@fingram.test', MAIL_POLL_MS: '50' };
    t = await startApp({ env: mail });
    billing = await setUpBilling(t);
    // At debug level the other instance logs each message it sent ("mail sent", no PD).
    second = await spawnInstance({ ...t.env, ...mail, LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await second.stop();
    await t.close();
    await smtp.close();
  });

  it('sends every affected subject one message, none twice, while both instances poll', async () => {
    const sentHere = jest.spyOn(t.app.get(Mailer), 'send');
    const emails: string[] = [];
    for (let i = 0; i < SUBJECTS; i++) emails.push((await registerSubject(t, billing)).email);
    const version = await publishPolicy(t, billing.officerToken, { significant: true });

    const rows = await eventually(
      async () => {
        const current: Array<{ id: string; status: string; attempts: number }> = await t.db.query(
          'SELECT id, status, attempts FROM outbox_messages WHERE reference = ?',
          [version.id],
        );
        return (
          current.length === SUBJECTS && current.every((row) => row.status === 'SENT') && current
        );
      },
      'every message to be sent',
      60_000,
    );

    // A row turns SENT only after the server accepted its message, so everything that will
    // ever be delivered has been by now.
    expect(rows.every((row) => Number(row.attempts) === 1)).toBe(true);
    expect(smtp.received).toHaveLength(SUBJECTS);
    expect(new Set(smtp.received.flatMap((mail) => mail.recipients))).toEqual(new Set(emails));
    expect(new Set(smtp.received.map((mail) => mail.messageId))).toEqual(
      new Set(rows.map((row) => `<${row.id}@fingram.test>`)),
    );
    expect(second.output()).not.toMatch(/"level":(50|60)/);
    // Both instances took part: what this one sent, plus what the other logged, is all of it.
    const here = sentHere.mock.calls.length;
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(SUBJECTS);
    const sentThere = () => (second.output().match(/"msg":"mail sent"/g) ?? []).length;
    await eventually(() => sentThere() >= SUBJECTS - here, 'the other instance to log its sends');
    expect(sentThere()).toBe(SUBJECTS - here);
  });
});
