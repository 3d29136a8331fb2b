import { Role } from '../../src/staff/roles';
import { orderBody, pledgeInForce, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor, verifyTrail } from '../support/audit';
import {
  connectionLost,
  connectionRefused,
  deadlock,
  type Fault,
  injectFaults,
  reads,
  writes,
  wsrepNotReady,
} from '../support/faults';
import { registerSubject, setUpBilling } from '../support/subjects';

/*
 * What the database's own failures become (issue 11 §4, issue 12 §3): a conflict is run
 * again, an unreachable or unready database is 503 SERVICE_UNAVAILABLE with Retry-After,
 * never a 500, and never a 401 for a token that is valid.
 */
describe(`Database failures never become a 500 or a refused token (${driver})`, () => {
  let t: TestApp;
  let officer: StaffActor;
  let auditor: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    auditor = await createStaff(t, [Role.AUDITOR]);
    await pledgeInForce(t, officer.token);
  });
  afterAll(() => t.close());

  const issue = (employeeId: string, requestId = requestIdFor('order')) =>
    t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(officer.token))
      .set('x-request-id', requestId)
      .send(
        orderBody(
          employeeId,
          { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
          t.clock.now(),
        ),
      );

  const ordersOf = (employeeId: string): Promise<Array<{ id: string }>> =>
    t.db.query('SELECT id FROM access_orders WHERE holderId = ?', [employeeId]);

  it('runs an order again when its COMMIT is refused by certification (1213), leaving one order and one entry (P11.2, P18)', async () => {
    const employee = await createStaff(t, [Role.OPERATOR]);
    const requestId = requestIdFor('commit');
    // Galera certifies at COMMIT: everything before it succeeded, then the node says 1213.
    const faults = injectFaults(
      t,
      (sql, transaction) => sql.trim() === 'COMMIT' && transaction.some(writes('access_orders')),
      deadlock(),
      2,
    );
    try {
      const issued = await issue(employee.id, requestId);
      expect(issued.status).toBe(201);
      expect(faults.hits).toBe(2);
    } finally {
      faults.restore();
    }
    expect(await ordersOf(employee.id)).toHaveLength(1);
    const entries = await entriesOf(t, requestId);
    expect(entries.map((entry) => entry.action)).toEqual(['ORDER_ISSUE']);
    expect(await verifyTrail(t, auditor.token)).toMatchObject({ ok: true });
  });

  it('writes a denied touch again when its autocommit audit append is refused by certification (P16, P18)', async () => {
    const billing = await setUpBilling(t);
    const subject = await registerSubject(t, billing);
    const operator = await createStaff(t, [Role.OPERATOR]);
    const requestId = requestIdFor('denied');
    const faults = injectFaults(
      t,
      (sql, transaction) => transaction.length === 0 && writes('audit_entries')(sql),
      deadlock('INSERT INTO `audit_entries` ...'),
      1,
    );
    let answer;
    try {
      answer = await t
        .http()
        .get(`/api/v1/subjects/${subject.id}`)
        .set(bearer(operator.token))
        .set(purpose('CONTRACT'))
        .set('x-request-id', requestId);
      expect(faults.hits).toBe(1);
    } finally {
      faults.restore();
    }
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('ACCESS_ORDER_REQUIRED');
    const entries = await entriesOf(t, requestId);
    expect(entries.map((entry) => [entry.outcome, entry.code])).toEqual([
      ['DENIED', 'ACCESS_ORDER_REQUIRED'],
    ]);
    expect(await verifyTrail(t, auditor.token)).toMatchObject({ ok: true });
  });

  const unavailable = (status: number, headers: Record<string, string>, body: unknown) => {
    expect({ status, retryAfter: headers['retry-after'], body }).toEqual({
      status: 503,
      retryAfter: '1',
      body: {
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: expect.any(String),
      },
    });
  };

  it.each<[string, Fault]>([
    ['a node out of the primary component (1047)', wsrepNotReady('INSERT INTO `access_orders`')],
    ['a lost connection', connectionLost('INSERT INTO `access_orders`')],
    ['a refused connection', connectionRefused],
  ])(
    'answers a write that meets %s 503 SERVICE_UNAVAILABLE with Retry-After, changing nothing',
    async (_, fault) => {
      const employee = await createStaff(t, [Role.OPERATOR]);
      const faults = injectFaults(t, writes('access_orders'), fault);
      let answer;
      try {
        answer = await issue(employee.id);
      } finally {
        faults.restore();
      }
      unavailable(answer.status, answer.headers, answer.body);
      expect(await ordersOf(employee.id)).toHaveLength(0);
      expect(t.logs.text()).not.toMatch(/Internal error|"code":"INTERNAL_ERROR"/);
    },
  );

  it.each<[string, Fault]>([
    [
      'a node out of the primary component (1047)',
      wsrepNotReady('SELECT ... FROM `auth_sessions`'),
    ],
    ['a lost connection', connectionLost('SELECT ... FROM `auth_sessions`')],
    ['a refused connection', connectionRefused],
  ])(
    'answers a valid token whose session cannot be read for %s 503, not UNAUTHENTICATED (P11.1)',
    async (_, fault) => {
      const faults = injectFaults(t, reads('auth_sessions'), fault);
      let answer;
      try {
        answer = await t.http().get('/api/v1/staff/me').set(bearer(auditor.token));
      } finally {
        faults.restore();
      }
      unavailable(answer.status, answer.headers, answer.body);
      // The same token is good again once the database is.
      const again = await t.http().get('/api/v1/staff/me').set(bearer(auditor.token));
      expect(again.status).toBe(200);
    },
  );

  it('still refuses a forged token with 401 while the database is down (P11.1)', async () => {
    const faults = injectFaults(t, () => true, connectionRefused);
    let answer;
    try {
      answer = await t
        .http()
        .get('/api/v1/staff/me')
        .set(bearer(`${auditor.token.slice(0, -4)}AAAA`));
    } finally {
      faults.restore();
    }
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('UNAUTHENTICATED');
  });
});
