import { Role } from '../../src/staff/roles';
import { orderBody } from '../support/access';
import { bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';

const TERMS = { categories: ['BANKING'], operations: ['READ'], purposes: ['SETTLEMENTS'] };

describe('The cap on people per category (P11.2)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { ACCESS_ORDER_CAP_PER_CATEGORY: '2' } });
  });
  afterAll(() => t.close());

  it('refuses an order that would put more people than the cap on a category at once (P11.2)', async () => {
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const issue = async (employeeId: string, terms = TERMS) =>
      t
        .http()
        .post('/api/v1/access-orders')
        .set(bearer(officer.token))
        .send(orderBody(employeeId, terms, t.clock.now()));
    const [a, b, c] = [
      await createStaff(t, [Role.OPERATOR]),
      await createStaff(t, [Role.OPERATOR]),
      await createStaff(t, [Role.OPERATOR]),
    ];
    expect((await issue(a.id)).status).toBe(201);
    expect((await issue(b.id)).status).toBe(201);
    expect((await issue(a.id)).status).toBe(201);
    const refused = await issue(c.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'ORDER_CAP_REACHED',
      details: { category: 'BANKING', cap: 2 },
    });
    expect((await issue(c.id, { ...TERMS, categories: ['CONTACT'] })).status).toBe(201);
    const orders = await t
      .http()
      .get('/api/v1/access-orders')
      .query({ category: 'BANKING', state: 'IN_FORCE' })
      .set(bearer(officer.token));
    expect(orders.body.items).toHaveLength(3);
  });

  it('counts a revoked order out, so its place is free again (P11.2)', async () => {
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const terms = { ...TERMS, categories: ['ID_DOCUMENT'] };
    const [a, b, c] = [
      await createStaff(t, [Role.OPERATOR]),
      await createStaff(t, [Role.OPERATOR]),
      await createStaff(t, [Role.OPERATOR]),
    ];
    const issue = (employeeId: string) =>
      t
        .http()
        .post('/api/v1/access-orders')
        .set(bearer(officer.token))
        .send(orderBody(employeeId, terms, t.clock.now()));
    const first = await issue(a.id);
    expect((await issue(b.id)).status).toBe(201);
    expect((await issue(c.id)).body.code).toBe('ORDER_CAP_REACHED');
    await t
      .http()
      .post(`/api/v1/access-orders/${first.body.id as string}/revoke`)
      .set(bearer(officer.token))
      .send({ reason: 'Уволен' });
    expect((await issue(c.id)).status).toBe(201);
  });

  it('refuses concurrent orders past the cap, under the lock (P11.2)', async () => {
    const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const terms = { ...TERMS, categories: ['IDENTITY'] };
    const people = await Promise.all([1, 2, 3, 4].map(() => createStaff(t, [Role.OPERATOR])));
    const answers = await Promise.all(
      people.map((person) =>
        t
          .http()
          .post('/api/v1/access-orders')
          .set(bearer(officer.token))
          .send(orderBody(person.id, terms, t.clock.now())),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(2);
    expect(answers.filter((answer) => answer.body.code === 'ORDER_CAP_REACHED')).toHaveLength(2);
  });
});
