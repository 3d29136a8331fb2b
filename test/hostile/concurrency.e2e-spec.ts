import request from 'supertest';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AccessOrder } from '../../src/access/access-order.entity';
import { dataSourceOptions } from '../../src/database/data-source';
import { Role } from '../../src/staff/roles';
import { orderBody, pledgeInForce } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { dbEnv, driver, startApp, type TestApp } from '../support/app';
import { createScratchDatabase } from '../support/databases';
import { type Instance, runTypeorm, spawnInstance } from '../support/instance';
import { testEnv } from '../support/test-env';
import { type Billing, setUpBilling, subjectBody } from '../support/subjects';

const PAIRS = 40;
const ORDERS = 42;

const deadlock = (): QueryFailedError =>
  new QueryFailedError(
    'INSERT INTO `access_orders` ...',
    [],
    Object.assign(new Error('Deadlock found when trying to get lock'), {
      code: 'ER_LOCK_DEADLOCK',
      errno: 1213,
    }),
  );

describe(`Concurrency never becomes a 500, two instances on one ${driver} database`, () => {
  let t: TestApp;
  let other: Instance;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    other = await spawnInstance({ ...t.env, LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await other.stop();
    await t.close();
  });

  const register = (to: 'here' | 'there', body: Record<string, unknown>) =>
    (to === 'here' ? t.http() : request(other.url))
      .post('/api/v1/subjects')
      .set(bearer(billing.clientToken))
      .send(body);

  it('registers each of 40 bodies sent to both instances at once exactly once: one 201, one 409 (P12)', async () => {
    const bodies = Array.from({ length: PAIRS }, () => subjectBody(billing.policyVersionId));
    const answers = await Promise.all(
      bodies.map((body) => Promise.all([register('here', body), register('there', body)])),
    );
    const statuses = answers.map((pair) => pair.map((answer) => answer.status).sort());
    expect(statuses).toEqual(bodies.map(() => [201, 409]));
    for (const pair of answers) {
      const refused = pair.find((answer) => answer.status === 409)!;
      expect(refused.body).toEqual(
        expect.objectContaining({ statusCode: 409, code: 'ALREADY_EXISTS' }),
      );
    }
    const stored = await t.db.query('SELECT COUNT(*) AS n FROM subjects');
    expect(Number(stored[0].n)).toBe(PAIRS);
    expect(other.output()).not.toMatch(/"level":(50|60)/);
  });

  it('issues 42 orders sent at once by two officers through two instances without a 5xx (P11.2)', async () => {
    const officers: StaffActor[] = [
      await createStaff(t, [Role.COMPLIANCE_OFFICER]),
      await createStaff(t, [Role.COMPLIANCE_OFFICER]),
    ];
    await pledgeInForce(t, officers[0].token);
    const employees: StaffActor[] = [];
    for (let i = 0; i < ORDERS; i++) employees.push(await createStaff(t, [Role.OPERATOR]));
    const answers = await Promise.all(
      employees.map((employee, i) =>
        (i % 2 === 0 ? t.http() : request(other.url))
          .post('/api/v1/access-orders')
          .set(bearer(officers[i % 2].token))
          .send(
            orderBody(
              employee.id,
              { categories: ['CONTACT', 'IDENTITY'], operations: ['READ'], purposes: ['CONTRACT'] },
              t.clock.now(),
            ),
          ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(employees.map(() => 201));
    // Retried transactions left both instances' chains whole.
    const auditor = await createStaff(t, [Role.AUDITOR]);
    const verified = await t.http().get('/api/v1/audit/verify').set(bearer(auditor.token));
    expect(verified.body.ok).toBe(true);
  });

  it('runs a transaction that lost a race again, and answers 503 with Retry-After once retries run out', async () => {
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const employee = await createStaff(t, [Role.OPERATOR]);
    const send = () =>
      t
        .http()
        .post('/api/v1/access-orders')
        .set(bearer(officer.token))
        .send(
          orderBody(
            employee.id,
            { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
            t.clock.now(),
          ),
        );
    // The order's own insert fails as a deadlock victim's would, so its transaction rolls
    // back and is run again; the instance's background jobs run theirs meanwhile untouched.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own this below
    const insert = EntityManager.prototype.insert;
    let failing = 0;
    let attempts = 0;
    const transaction = jest.spyOn(EntityManager.prototype, 'insert').mockImplementation(function (
      this: EntityManager,
      target,
      ...rest
    ) {
      if (target !== AccessOrder) return insert.call(this, target, ...rest);
      attempts += 1;
      if (failing === 0) return insert.call(this, target, ...rest);
      failing -= 1;
      return Promise.reject(deadlock());
    });
    try {
      failing = 2;
      const retried = await send();
      expect(retried.status).toBe(201);
      expect(attempts).toBe(3);
      attempts = 0;
      failing = Infinity;
      const exhausted = await send();
      expect(exhausted.status).toBe(503);
      expect(exhausted.headers['retry-after']).toBe('1');
      expect(exhausted.body).toEqual({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database is busy with conflicting changes; retry shortly',
      });
      expect(attempts).toBe(5);
    } finally {
      transaction.mockRestore();
    }
    const held = await t.db.query('SELECT COUNT(*) AS n FROM access_orders WHERE holderId = ?', [
      employee.id,
    ]);
    expect(Number(held[0].n)).toBe(1);
  });
});

describe(`A transaction run again after a conflict leaves nothing of its first attempt (${driver})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('writes one order and one audit entry, and the chain still verifies, when the first attempt fails after its entry (P11, P18)', async () => {
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const employee = await createStaff(t, [Role.OPERATOR]);
    const real = t.db.transaction.bind(t.db) as (
      work: (manager: EntityManager) => Promise<unknown>,
    ) => Promise<unknown>;
    let failures = 1;
    // The first attempt does all its work, audit entry included, then loses at commit.
    const transaction = jest.spyOn(t.db, 'transaction').mockImplementation(((
      work: (manager: EntityManager) => Promise<unknown>,
    ) =>
      real(async (manager) => {
        const result = await work(manager);
        if (failures-- > 0) throw deadlock();
        return result;
      })) as never);
    try {
      const issued = await t
        .http()
        .post('/api/v1/access-orders')
        .set(bearer(officer.token))
        .send(
          orderBody(
            employee.id,
            { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
            t.clock.now(),
          ),
        );
      expect(issued.status).toBe(201);
    } finally {
      transaction.mockRestore();
    }
    const orders = await t.db.query('SELECT id FROM access_orders WHERE holderId = ?', [
      employee.id,
    ]);
    expect(orders).toHaveLength(1);
    const entries = await t.db.query(
      "SELECT id FROM audit_entries WHERE action = 'ORDER_ISSUE' AND targetId = ?",
      [orders[0].id],
    );
    expect(entries).toHaveLength(1);
    const auditor = await createStaff(t, [Role.AUDITOR]);
    const verified = await t.http().get('/api/v1/audit/verify').set(bearer(auditor.token));
    expect(verified.body.ok).toBe(true);
  });
});

describe(`Two instances started together on an empty ${driver} database`, () => {
  it('both migrate it once between them and serve', async () => {
    const scratch = await createScratchDatabase(driver, 'start');
    const env = { ...testEnv({ LOG_LEVEL: 'warn' }), ...dbEnv(scratch) };
    const started = await Promise.allSettled([
      spawnInstance(env, { migrate: true }),
      spawnInstance(env, { migrate: true }),
    ]);
    const instances = started.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    try {
      expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      for (const instance of instances) {
        expect((await request(instance.url).get('/api/v1/health')).status).toBe(200);
        const login = await request(instance.url)
          .post('/api/v1/auth/staff/login')
          .send({ email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD });
        expect(login.status).toBe(200);
      }
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
    const db = await new DataSource(dataSourceOptions(scratch.db)).initialize();
    try {
      const applied: Array<{ name: string; n: number | string }> = await db.query(
        'SELECT name, COUNT(*) AS n FROM migrations GROUP BY name',
      );
      expect(applied.length).toBe(db.migrations.length);
      expect(applied.every((row) => Number(row.n) === 1)).toBe(true);
      const admins = await db.query('SELECT COUNT(*) AS n FROM staff_members');
      expect(Number(admins[0].n)).toBe(1);
      const lease = await db.query('SELECT COUNT(*) AS n FROM schema_lease');
      expect(Number(lease[0].n)).toBe(0);
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  });
});

describe(`The separate migration step run twice at once on an empty ${driver} database`, () => {
  it('takes the same lease as a start: both runs succeed, each migration applied once', async () => {
    const scratch = await createScratchDatabase(driver, 'separate');
    const env = { ...testEnv({ LOG_LEVEL: 'warn' }), ...dbEnv(scratch) };
    const runs = await Promise.all([
      runTypeorm(env, ['migration:run']),
      runTypeorm(env, ['migration:run']),
    ]);
    const db = await new DataSource(dataSourceOptions(scratch.db)).initialize();
    try {
      expect(runs.map((run) => run.code)).toEqual([0, 0]);
      const applied: Array<{ name: string; n: number | string }> = await db.query(
        'SELECT name, COUNT(*) AS n FROM migrations GROUP BY name',
      );
      expect(applied.length).toBe(db.migrations.length);
      expect(applied.every((row) => Number(row.n) === 1)).toBe(true);
      const lease = await db.query('SELECT COUNT(*) AS n FROM schema_lease');
      expect(Number(lease[0].n)).toBe(0);
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  });
});
