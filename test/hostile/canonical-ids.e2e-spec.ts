import { Role } from '../../src/staff/roles';
import { orderBody } from '../support/access';
import { adminLogin, bearer, createStaff, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling } from '../support/subjects';

const TERMS = { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] };

describe(`Ids in one canonical form at the boundary (${driver})`, () => {
  let t: TestApp;
  let officer: StaffActor;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  const issue = (employeeId: string) =>
    t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(officer.token))
      .send(orderBody(employeeId, TERMS, t.clock.now()));

  it('refuses an officer an order to themself sent with their id in upper case (P10)', async () => {
    const response = await issue(officer.id.toUpperCase());
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SELF_ISSUE_FORBIDDEN');
    const held = await t.db.query('SELECT COUNT(*) AS n FROM access_orders WHERE holderId = ?', [
      officer.id,
    ]);
    expect(Number(held[0].n)).toBe(0);
  });

  it('stores an id given in upper case in lower case (P10)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    const response = await issue(operator.id.toUpperCase());
    expect(response.status).toBe(201);
    expect(response.body.holderId).toBe(operator.id);
    const rows = await t.db.query('SELECT holderId FROM access_orders WHERE id = ?', [
      response.body.id,
    ]);
    expect(rows[0].holderId).toBe(operator.id);
  });

  it('reads a record by its id in upper case in a path and in a query', async () => {
    const admin = await adminLogin(t);
    const byPath = await t
      .http()
      .get(`/api/v1/staff/${officer.id.toUpperCase()}`)
      .set(bearer(admin));
    expect(byPath.status).toBe(200);
    expect(byPath.body.id).toBe(officer.id);
    const operator = await createStaff(t, [Role.OPERATOR]);
    expect((await issue(operator.id)).status).toBe(201);
    const byQuery = await t
      .http()
      .get(`/api/v1/access-orders?employeeId=${operator.id.toUpperCase()}`)
      .set(bearer(officer.token));
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.items.map((order: { holderId: string }) => order.holderId)).toEqual([
      operator.id,
    ]);
    const subject = await registerSubject(t, billing);
    const consents = await t
      .http()
      .get(`/api/v1/subjects/${subject.id.toUpperCase()}/consents`)
      .set(bearer(billing.clientToken));
    expect(consents.status).toBe(200);
    expect(consents.body.subjectId).toBe(subject.id);
  });

  it('refuses what is not a UUID in a body, a query and a path, naming only the field', async () => {
    const admin = await adminLogin(t);
    const body = await issue('not-a-uuid-at-all');
    expect(body.status).toBe(400);
    expect(body.body.details).toEqual([
      { field: 'employeeId', constraints: ['employeeId must be a UUID'] },
    ]);
    const query = await t
      .http()
      .get('/api/v1/access-orders?employeeId=a@example.kz')
      .set(bearer(officer.token));
    expect(query.status).toBe(400);
    expect(JSON.stringify(query.body)).not.toContain('example.kz');
    const path = await t.http().get('/api/v1/staff/a@example.kz').set(bearer(admin));
    expect(path.status).toBe(400);
    expect(JSON.stringify(path.body)).not.toContain('example.kz');
  });
});
