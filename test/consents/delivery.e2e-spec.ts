import { fromDbTime } from '../../src/database/db-time';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { type Billing, publishPolicy, renewBilling, setUpBilling } from '../support/subjects';
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

  /**
   * Every test publishes to both subjects; the refusals a test arranges must meet its own
   * messages, not a late one of the test before, so each test ends with nothing in flight.
   */
  afterEach(() =>
    eventually(async () => {
      const now = t.clock.now().toISOString().replace('T', ' ').slice(0, 23);
      const [row] = await t.db.query(
        'SELECT COUNT(*) AS n FROM outbox_messages WHERE status = ? OR (status = ? AND nextAttemptAt <= ?)',
        ['SENDING', 'PENDING', now],
      );
      return Number(row.n) === 0;
    }, 'the outbox to settle'),
  );

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
    // The attempt fails somewhere between `before` and the moment its row is read back.
    let before = t.clock.now().getTime();
    const reference = await publish();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const row = await eventually(async () => {
        const current = await rowFor(reference, stubborn.id);
        return current.attempts === attempt && current.status !== 'SENDING' && current;
      }, `attempt ${attempt}`);
      const after = t.clock.now().getTime();
      expect(row.lastError).toBe('SMTP_451');
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe('PENDING');
        const delay = BASE_SECONDS * 2 ** (attempt - 1) * 1000;
        const retryAt = fromDbTime(row.nextAttemptAt).getTime();
        expect(retryAt - before).toBeGreaterThanOrEqual(delay);
        expect(retryAt - after).toBeLessThanOrEqual(delay);
        t.clock.advance(delay + 1000);
        before = t.clock.now().getTime();
      } else {
        expect(row.status).toBe('FAILED');
      }
    }
    t.clock.advance(3_600_000);
    await renewBilling(t, billing);
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

  /** What a worker that died mid-send leaves behind: claimed, its lease run out. */
  const abandonClaim = async (reference: string, subjectId: string, attempts: number) => {
    const held = await eventually(async () => {
      const row = await rowFor(reference, subjectId);
      return row.status === 'PENDING' && row.attempts === 1 && row;
    }, 'the message to wait for its retry');
    const lapsed = new Date(t.clock.now().getTime() - 1000).toISOString().replace('T', ' ');
    await t.db.query(
      'UPDATE outbox_messages SET status = ?, claimToken = ?, claimedUntil = ?, attempts = ? WHERE id = ?',
      ['SENDING', '00000000-0000-4000-8000-00000000dead', lapsed.slice(0, 23), attempts, held.id],
    );
  };

  it('takes over a message whose worker died mid-send once its claim lapses, and sends it once', async () => {
    const [crashed] = subjects;
    const deliveredBefore = smtp.to(crashed.email).length;
    smtp.refuseTemporarily(crashed.email);
    const reference = await publish();
    await abandonClaim(reference, crashed.id, 1);
    const sent = await eventually(async () => {
      const row = await rowFor(reference, crashed.id);
      return row.status === 'SENT' && row;
    }, 'the lapsed claim to be taken over');
    expect(sent.attempts).toBe(2);
    expect(smtp.to(crashed.email)).toHaveLength(deliveredBefore + 1);
  });

  it('gives up a message whose worker died on its last attempt (CLAIM_LAPSED)', async () => {
    const [crashed] = subjects;
    const deliveredBefore = smtp.to(crashed.email).length;
    smtp.refuseTemporarily(crashed.email);
    const reference = await publish();
    await abandonClaim(reference, crashed.id, MAX_ATTEMPTS);
    t.clock.advance(61_000);
    const failed = await eventually(async () => {
      const row = await rowFor(reference, crashed.id);
      return row.status === 'FAILED' && row;
    }, 'the lapsed last attempt to be given up');
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, lastError: 'CLAIM_LAPSED' });
    expect(smtp.to(crashed.email)).toHaveLength(deliveredBefore);
  });
});
