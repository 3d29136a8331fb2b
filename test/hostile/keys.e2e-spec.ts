import { randomBytes } from 'node:crypto';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { runCli } from '../support/instance';
import {
  type Billing,
  registerSubject,
  type RegisteredSubject,
  setUpBilling,
  subjectLogin,
} from '../support/subjects';

const key = (): string => randomBytes(32).toString('base64');

describe(`Master keys: an instance without the key a rotation moved to (${driver})`, () => {
  let t: TestApp;
  let billing: Billing;
  let subject: RegisteredSubject;
  let operator: StaffActor;
  const k1 = `k1:${key()}`;
  const k2 = `k2:${key()}`;

  beforeAll(async () => {
    t = await startApp({ env: { MASTER_KEYS: k1 } });
    billing = await setUpBilling(t);
    subject = await registerSubject(t, billing);
    operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      { categories: ['IDENTITY', 'CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
      billing.officerToken,
    );
  });
  afterAll(() => t.close());

  it('answers 503 KEY_UNAVAILABLE naming the key id in the log only, then reads again once the key is there (P11.4)', async () => {
    // The rotation procedure: every instance gets old and new keys, then keys:rotate.
    t = await t.restart({ MASTER_KEYS: `${k1},${k2}` });
    const rotated = await runCli({ ...t.env, MASTER_KEYS: `${k1},${k2}` }, ['keys:rotate']);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ current: 'k2' });

    // An instance started with the old key only (its configuration was not updated).
    t = await t.restart({ MASTER_KEYS: k1 });
    const token = await subjectLogin(t, subject.email);
    const me = await t.http().get('/api/v1/me').set(bearer(token));
    expect(me.status).toBe(503);
    expect(me.body).toEqual({
      statusCode: 503,
      code: 'KEY_UNAVAILABLE',
      message: 'The key this data is sealed under is not available on this instance',
    });
    const read = await t
      .http()
      .get(`/api/v1/subjects/${subject.id}`)
      .set(bearer(operator.token))
      .set(purpose('CONTRACT'));
    expect(read.status).toBe(503);
    expect(read.body.code).toBe('KEY_UNAVAILABLE');
    const logged = t.logs.lines
      .map((line) => JSON.parse(line) as { msg?: string; err?: object; detail?: object })
      .filter((line) => line.msg === 'request failed: KEY_UNAVAILABLE');
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged[0]).toMatchObject({
      err: { code: 'KEY_UNAVAILABLE' },
      detail: { masterKeyId: 'k2', why: 'not configured in MASTER_KEYS' },
    });
    expect(t.logs.text()).not.toContain(k2.slice(3));

    // Every instance with both keys reads; the old one can then be retired.
    t = await t.restart({ MASTER_KEYS: `${k1},${k2}` });
    expect((await t.http().get('/api/v1/me').set(bearer(token))).status).toBe(200);
    t = await t.restart({ MASTER_KEYS: k2 });
    const again = await t.http().get('/api/v1/me').set(bearer(token));
    expect(again.status).toBe(200);
    expect(again.body.pd.email).toBe(subject.email);
  });

  it('answers KEY_UNAVAILABLE, not a 500, when a key of the right id does not open the data (P11.4)', async () => {
    t = await t.restart({ MASTER_KEYS: `k2:${key()}` });
    const token = await subjectLogin(t, subject.email);
    const me = await t.http().get('/api/v1/me').set(bearer(token));
    expect(me.status).toBe(503);
    expect(me.body.code).toBe('KEY_UNAVAILABLE');
  });
});
