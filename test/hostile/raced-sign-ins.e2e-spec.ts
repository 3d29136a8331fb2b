import { Role } from '../../src/staff/roles';
import { bearer, createStaff } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';

const PER_ACCOUNT = 5;
const PER_ADDRESS = 8;
const EXTRA = 10;

/** How many answers had each status. */
const tally = (statuses: number[]): Record<number, number> =>
  statuses.reduce<Record<number, number>>((counts, status) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});

/*
 * The sign-in limit holds under a burst sent at once, not only one attempt after another:
 * a try is counted before its secret is checked, under a lock per account and per
 * address, so N+k wrong attempts racing each other get N password checks and k refusals.
 */
describe(`Raced wrong secrets are counted before they are checked (${driver})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    // Behind a trusted proxy, so each attempt can speak from an address of its own.
    t = await startApp({
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
        LOGIN_MAX_FAILURES_PER_IP: String(PER_ADDRESS),
        TRUST_PROXY: 'true',
      },
    });
  });
  afterAll(() => t.close());

  it(`checks at most ${PER_ACCOUNT} of ${PER_ACCOUNT + EXTRA} wrong passwords sent at once for one account, refusing the rest TOO_MANY_ATTEMPTS (P11.1)`, async () => {
    const victim = await createStaff(t, [Role.OPERATOR]);
    const answers = await Promise.all(
      Array.from({ length: PER_ACCOUNT + EXTRA }, (_, i) =>
        t
          .http()
          .post('/api/v1/auth/staff/login')
          .set('x-forwarded-for', `10.20.1.${i + 1}`)
          .send({ email: victim.email, password: `wrong-guess-${i}-quartz` }),
      ),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: PER_ACCOUNT, 429: EXTRA });
    const refused = answers.filter((answer) => answer.status === 429);
    expect(new Set(refused.map((answer) => String(answer.body.code)))).toEqual(
      new Set(['TOO_MANY_ATTEMPTS']),
    );
    // The limit stands: the right password is refused too until the window has passed.
    const right = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.20.1.200')
      .send({ email: victim.email, password: victim.password });
    expect(right.status).toBe(429);
  });

  it(`checks at most ${PER_ADDRESS} of ${PER_ADDRESS + EXTRA} wrong sign-ins sent at once from one address, whatever accounts they name (P11.1)`, async () => {
    const answers = await Promise.all(
      Array.from({ length: PER_ADDRESS + EXTRA }, (_, i) =>
        t
          .http()
          .post('/api/v1/auth/staff/login')
          .set('x-forwarded-for', '10.20.2.1')
          .send({ email: `nobody-${i}@pd.test`, password: `wrong-guess-${i}-quartz` }),
      ),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: PER_ADDRESS, 429: EXTRA });
  });

  it(`checks at most ${PER_ACCOUNT} of ${PER_ACCOUNT + EXTRA} wrong current passwords sent at once in one session (P11.1)`, async () => {
    const member = await createStaff(t, [Role.AUDITOR]);
    const answers = await Promise.all(
      Array.from({ length: PER_ACCOUNT + EXTRA }, (_, i) =>
        t
          .http()
          .put('/api/v1/staff/me/password')
          .set(bearer(member.token))
          .set('x-forwarded-for', `10.20.3.${i + 1}`)
          .send({
            currentPassword: `wrong-guess-${i}-quartz`,
            newPassword: 'amber-lantern-vortex-58',
          }),
      ),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: PER_ACCOUNT, 429: EXTRA });
  });
});
