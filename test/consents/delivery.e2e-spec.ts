import { fromDbTime } from '../../src/consents/consent-ledger';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { type Billing, publishPolicy, setUpBilling } from '../support/subjects';
import { type SignedIn, signedInSubject } from './helpers';

const BASE_SECONDS = 30;
const MAX_ATTEMPTS = 3;

interface Row {
  id: string;
  subjectId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: unknown;
}

describe('Outbox delivery: retried with backoff, given up after the last attempt (P20)', () => {
  let t: TestApp;
  let billing: Billing;
  let smtp: TestSmtp;
  let subjects: SignedIn[];

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'privacy@fingram.test',
        MAIL_POLL_MS: '100',
        MAIL_RETRY_BASE_SECONDS: String(BASE_SECONDS),
        MAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      },
    });
    billing = await setUpBilling(t);
    subjects = [await signedInSubject(t, billing), await signedInSubject(t, billing)];
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const rowFor = async (reference: string, subjectId: string): Promise<Row> => {
    const rows: Row[] = await t.db.query(
      'SELECT * FROM outbox_messages WHERE reference = ? AND subjectId = ?',
      [reference, subjectId],
    );
    return rows[0];
  };

  const publish = async () =>
    (await publishPolicy(t, billing.officerToken, { significant: true })).id;

  it('retries a message the server refused with 451, after the backoff, and delivers it once (P20)', async () => {
    const [refused, other] = subjects;
    smtp.refuseTemporarily(refused.email);
    const failedBefore = Date.now();
    const reference = await publish();

    const failed = await eventually(async () => {
      const row = await rowFor(reference, refused.id);
      return row.attempts === 1 && row.status === 'PENDING' && row;
    }, 'the first attempt to fail');
    expect(failed.lastError).toBe('SMTP_451');
    const retryAt = fromDbTime(failed.nextAttemptAt).getTime();
    expect(retryAt).toBeGreaterThanOrEqual(failedBefore + BASE_SECONDS * 1000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + BASE_SECONDS * 1000);
    await eventually(
      async () => (await rowFor(reference, other.id)).status === 'SENT',
      'the other',
    );
    expect(smtp.to(refused.email)).toEqual([]);

    t.clock.advance((BASE_SECONDS + 1) * 1000);
    const sent = await eventually(async () => {
      const row = await rowFor(reference, refused.id);
      return row.status === 'SENT' && row;
    }, 'the retry to be delivered');
    expect(sent).toMatchObject({ attempts: 2, lastError: null });
    expect(smtp.to(refused.email)).toHaveLength(1);
    expect(smtp.refused.filter((address) => address === refused.email)).toHaveLength(1);
    expect(smtp.to(other.email)).toHaveLength(1);
  });

  it('doubles the wait after each failure and gives up after MAIL_MAX_ATTEMPTS (FAILED)', async () => {
    const [stubborn] = subjects;
    const deliveredBefore = smtp.to(stubborn.email).length;
    smtp.refuseTemporarily(stubborn.email, MAX_ATTEMPTS);
    const reference = await publish();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const row = await eventually(async () => {
        const current = await rowFor(reference, stubborn.id);
        return current.attempts === attempt && current.status !== 'SENDING' && current;
      }, `attempt ${attempt}`);
      expect(row.lastError).toBe('SMTP_451');
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe('PENDING');
        const wait = fromDbTime(row.nextAttemptAt).getTime() - t.clock.now().getTime();
        expect(wait).toBeGreaterThan(BASE_SECONDS * 2 ** (attempt - 1) * 1000 - 5000);
        expect(wait).toBeLessThanOrEqual(BASE_SECONDS * 2 ** (attempt - 1) * 1000);
        t.clock.advance(BASE_SECONDS * 2 ** (attempt - 1) * 1000 + 1000);
      } else {
        expect(row.status).toBe('FAILED');
      }
    }
    t.clock.advance(3_600_000);
    await t.app.get(OutboxWorker).tick();
    const officerView = await t
      .http()
      .get('/api/v1/outbox')
      .query({ reference, status: 'FAILED' })
      .set(bearer(billing.officerToken));
    expect(officerView.body.items).toEqual([
      expect.objectContaining({
        subjectId: stubborn.id,
        attempts: MAX_ATTEMPTS,
        lastError: 'SMTP_451',
      }),
    ]);
    expect(smtp.to(stubborn.email)).toHaveLength(deliveredBefore);
  });

  it('gives up at once when the server refuses the recipient for good (550)', async () => {
    const [, gone] = subjects;
    smtp.refuseAlways(gone.email);
    const reference = await publish();
    const row = await eventually(async () => {
      const current = await rowFor(reference, gone.id);
      return current.status === 'FAILED' && current;
    }, 'the permanent refusal');
    expect(row).toMatchObject({ attempts: 1, lastError: 'SMTP_550' });
  });
});
