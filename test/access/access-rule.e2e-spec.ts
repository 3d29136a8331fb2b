import { Role } from '../../src/staff/roles';
import {
  grantAccess,
  issueOrder,
  orderBody,
  pledgeInForce,
  purpose,
  signPledge,
} from '../support/access';
import { bearer, createStaff, signedInAgain, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { toDbTime } from '../../src/database/db-time';
import {
  type Billing,
  registerSubject,
  setUpBilling,
  subjectLogin,
  uniqueIin,
} from '../support/subjects';

const ALL = {
  categories: ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT'],
  operations: ['READ'],
  purposes: ['CONTRACT'],
};
const HOUR = 3_600_000;

describe('The access rule on staff PD reads (P9, P10, P11)', () => {
  let t: TestApp;
  let billing: Billing;
  let officer: StaffActor;
  let subjectId: string;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    await pledgeInForce(t, officer.token);
    subjectId = (await registerSubject(t, billing)).id;
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const operator = () => createStaff(t, [Role.OPERATOR]);
  const read = (who: StaffActor, id = subjectId, headers = purpose('CONTRACT')) =>
    t.http().get(`/api/v1/subjects/${id}`).set(bearer(who.token)).set(headers);

  const lastEntry = async (actorId: string) =>
    (
      await t.db.query(
        'SELECT action, outcome, code, purpose, categories FROM audit_entries WHERE actorId = ? ORDER BY at DESC, seq DESC LIMIT 1',
        [actorId],
      )
    )[0] as { action: string; outcome: string; code: string | null };

  it('admits a staff member with an order in force and the pledge signed, and audits the read (P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    const response = await read(staff);
    expect(response.status).toBe(200);
    expect(response.body.pd.surname).toBe('Ахметова');
    expect(response.body.withheld).toEqual([]);
    expect(await lastEntry(staff.id)).toMatchObject({
      action: 'SUBJECT_READ',
      outcome: 'ALLOWED',
      code: null,
    });
  });

  it('returns only the categories ordered and leaves the others out of the body, named in withheld (P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, { ...ALL, categories: ['CONTACT'] }, officer.token);
    const response = await read(staff);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.pd).sort()).toEqual(['email', 'phone']);
    expect(response.body.withheld.sort()).toEqual(['BANKING', 'IDENTITY', 'ID_DOCUMENT']);
    const body = JSON.stringify(response.body);
    expect(body).not.toContain('Ахметова');
    expect(body).not.toContain('KZ86125KZT5004100100');
  });

  it('refuses without any order with ACCESS_ORDER_REQUIRED, and audits the denial (P10)', async () => {
    const staff = await operator();
    await signPledge(t, staff);
    const response = await read(staff);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('ACCESS_ORDER_REQUIRED');
    expect(await lastEntry(staff.id)).toMatchObject({
      outcome: 'DENIED',
      code: 'ACCESS_ORDER_REQUIRED',
    });
  });

  it('refuses when the order has expired (P10)', async () => {
    const staff = await operator();
    await grantAccess(
      t,
      staff,
      { ...ALL, validUntil: new Date(t.clock.now().getTime() + HOUR).toISOString() },
      officer.token,
    );
    expect((await read(staff)).status).toBe(200);
    t.clock.advance(2 * HOUR);
    const response = await read(await signedInAgain(t, staff));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'ACCESS_ORDER_REQUIRED',
      details: { categories: { CONTACT: 'EXPIRED' } },
    });
  });

  it('refuses on the very next request after the order is revoked (P10)', async () => {
    const staff = await operator();
    const { orderId } = await grantAccess(t, staff, ALL, officer.token);
    expect((await read(staff)).status).toBe(200);
    const revoked = await t
      .http()
      .post(`/api/v1/access-orders/${orderId}/revoke`)
      .set(bearer(officer.token))
      .send({ reason: 'Переведён в другой отдел' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('REVOKED');
    const response = await read(staff);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'ACCESS_ORDER_REQUIRED',
      details: { categories: { IDENTITY: 'REVOKED' } },
    });
  });

  it('refuses an order that is not yet in force (P10)', async () => {
    const staff = await operator();
    const now = t.clock.now().getTime();
    await grantAccess(
      t,
      staff,
      {
        ...ALL,
        validFrom: new Date(now + 24 * HOUR).toISOString(),
        validUntil: new Date(now + 48 * HOUR).toISOString(),
      },
      officer.token,
    );
    const response = await read(staff);
    expect(response.status).toBe(403);
    expect(response.body.details.categories.IDENTITY).toBe('NOT_YET_VALID');
    t.clock.advance(25 * HOUR);
    expect((await read(await signedInAgain(t, staff))).status).toBe(200);
  });

  it('refuses a category the order does not name (P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, { ...ALL, categories: ['BANKING'] }, officer.token);
    const search = await t
      .http()
      .get('/api/v1/subjects')
      .query({ iin: uniqueIin() })
      .set(bearer(staff.token))
      .set(purpose('CONTRACT'));
    expect(search.status).toBe(403);
    expect(search.body).toMatchObject({
      code: 'ACCESS_ORDER_REQUIRED',
      details: { categories: { ID_DOCUMENT: 'NO_ORDER' } },
    });
  });

  it('refuses an operation the order does not name (P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    const response = await t
      .http()
      .patch(`/api/v1/subjects/${subjectId}`)
      .set(bearer(staff.token))
      .set(purpose('CONTRACT'))
      .send({ surname: 'Нурланова' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'ACCESS_ORDER_REQUIRED',
      details: { categories: { IDENTITY: 'OPERATION_NOT_COVERED' } },
    });
    expect((await read(staff)).body.pd.surname).toBe('Ахметова');
  });

  it('refuses a purpose the order does not name (P2, P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    const response = await read(staff, subjectId, purpose('SETTLEMENTS'));
    expect(response.status).toBe(403);
    expect(response.body.details.categories.CONTACT).toBe('PURPOSE_NOT_COVERED');
  });

  it('refuses a request that states no purpose with PURPOSE_REQUIRED, and audits it (P2, P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    const response = await read(staff, subjectId, {});
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('PURPOSE_REQUIRED');
    expect(await lastEntry(staff.id)).toMatchObject({
      outcome: 'DENIED',
      code: 'PURPOSE_REQUIRED',
    });
  });

  it('refuses a staff member who has not signed the pledge with PLEDGE_REQUIRED (P10)', async () => {
    const staff = await operator();
    await issueOrder(t, officer.token, staff.id, ALL);
    const response = await read(staff);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('PLEDGE_REQUIRED');
  });

  it('refuses once a new pledge version takes effect, until the new one is signed (P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    expect((await read(staff)).status).toBe(200);
    const effectiveFrom = new Date(t.clock.now().getTime() + HOUR).toISOString();
    const published = await t
      .http()
      .post('/api/v1/pledge-versions')
      .set(bearer(officer.token))
      .send({ text: 'Обязательство о неразглашении, редакция 2', effectiveFrom });
    expect(published.status).toBe(201);
    expect((await read(staff)).status).toBe(200);
    t.clock.advance(2 * HOUR);
    const later = await signedInAgain(t, staff);
    const refused = await read(later);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PLEDGE_REQUIRED');
    await signPledge(t, later);
    expect((await read(later)).status).toBe(200);
  });

  it('refuses a suspended account with ACCOUNT_SUSPENDED on its next request (P10, P16)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    await t.db.query('UPDATE staff_members SET suspendedAt = ? WHERE id = ?', [
      toDbTime(t.db.manager, t.clock.now()),
      staff.id,
    ]);
    const response = await read(staff);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('ACCOUNT_SUSPENDED');
  });

  it('refuses a blocked subject with SUBJECT_BLOCKED (P15.6)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, ALL, officer.token);
    const blocked = (await registerSubject(t, billing)).id;
    await t.db.query('UPDATE subjects SET blockedAt = ? WHERE id = ?', [
      toDbTime(t.db.manager, t.clock.now()),
      blocked,
    ]);
    const response = await read(staff, blocked);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('SUBJECT_BLOCKED');
    expect(JSON.stringify(response.body)).not.toContain('Ахметова');
  });

  it('refuses a consent-based purpose once the subject withdrew consent, and still admits a legal obligation (P7, P15.8)', async () => {
    const staff = await operator();
    await grantAccess(
      t,
      staff,
      { ...ALL, purposes: ['CONTRACT', 'LEGAL_OBLIGATION'] },
      officer.token,
    );
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const withdrawn = await t.http().delete('/api/v1/me/consents/PD_PROCESSING').set(bearer(token));
    expect(withdrawn.status).toBe(200);
    const refused = await read(staff, subject.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONSENT_REQUIRED');
    expect((await read(staff, subject.id, purpose('LEGAL_OBLIGATION'))).status).toBe(200);
  });

  it('finds a subject by IIN through the blind index with READ on ID_DOCUMENT (P10)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, { ...ALL, categories: ['ID_DOCUMENT', 'CONTACT'] }, officer.token);
    const subject = await registerSubject(t, billing);
    const found = await t
      .http()
      .get('/api/v1/subjects')
      .query({ iin: subject.body.iin as string })
      .set(bearer(staff.token))
      .set(purpose('CONTRACT'));
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ id: subject.id, pd: { email: subject.email } });
    expect(found.body.items[0].withheld.sort()).toEqual(['BANKING', 'IDENTITY']);
  });

  it('changes PD under an UPDATE order and keeps the history (P6, P18)', async () => {
    const staff = await operator();
    await grantAccess(t, staff, { ...ALL, operations: ['READ', 'UPDATE'] }, officer.token);
    const subject = await registerSubject(t, billing);
    const changed = await t
      .http()
      .patch(`/api/v1/subjects/${subject.id}`)
      .set(bearer(staff.token))
      .set(purpose('CONTRACT', 'SD-1042'))
      .send({ surname: 'Нурланова' });
    expect(changed.status).toBe(200);
    // The answer is the record as READ admits it (every category here), not only the change.
    expect(changed.body.pd).toMatchObject({
      surname: 'Нурланова',
      givenName: 'Айгерим',
      patronymic: 'Серикқызы',
      email: subject.email,
    });
    expect(changed.body.withheld).toEqual([]);
    const history = await t.db.query(
      'SELECT field, actorId, channel FROM subject_changes WHERE subjectId = ?',
      [subject.id],
    );
    expect(history).toEqual([{ field: 'surname', actorId: staff.id, channel: 'BACK_OFFICE' }]);
    const entries = await t.db.query(
      "SELECT action FROM audit_entries WHERE actorId = ? AND subjectId = ? AND outcome = 'ALLOWED' ORDER BY action",
      [staff.id, subject.id],
    );
    expect(entries).toEqual([{ action: 'SUBJECT_READ' }, { action: 'SUBJECT_UPDATE' }]);
  });

  it('refuses an order the officer would issue to themself (P11.1)', async () => {
    const other = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const response = await t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(other.token))
      .send(orderBody(other.id, ALL, t.clock.now()));
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SELF_ISSUE_FORBIDDEN');
    expect(await lastEntry(other.id)).toMatchObject({
      action: 'ORDER_ISSUE',
      outcome: 'DENIED',
      code: 'SELF_ISSUE_FORBIDDEN',
    });
  });

  it('refuses an order for an inactive employee', async () => {
    const staff = await operator();
    const admin = await createStaff(t, [Role.ADMIN]);
    const deactivated = await t
      .http()
      .patch(`/api/v1/staff/${staff.id}`)
      .set(bearer(admin.token))
      .send({ active: false });
    expect(deactivated.status).toBe(200);
    const response = await t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(officer.token))
      .send(orderBody(staff.id, ALL, t.clock.now()));
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('EMPLOYEE_INACTIVE');
  });

  it('refuses an order longer than the configured maximum', async () => {
    const staff = await operator();
    const now = t.clock.now().getTime();
    const response = await t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(officer.token))
      .send(
        orderBody(
          staff.id,
          {
            ...ALL,
            validFrom: new Date(now).toISOString(),
            validUntil: new Date(now + 400 * 24 * HOUR).toISOString(),
          },
          t.clock.now(),
        ),
      );
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('validUntil');
  });

  it('lets a service client read only the categories a compliance officer granted it (P10)', async () => {
    const grant = await t
      .http()
      .post('/api/v1/client-grants')
      .set(bearer(officer.token))
      .send({
        ...orderBody('x', { ...ALL, categories: ['CONTACT'] }, t.clock.now()),
        employeeId: undefined,
        clientId: billing.clientId,
      });
    expect(grant.status).toBe(201);
    const response = await t
      .http()
      .get(`/api/v1/subjects/${subjectId}`)
      .set(bearer(billing.clientToken))
      .set(purpose('CONTRACT'));
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.pd).sort()).toEqual(['email', 'phone']);
    const other = await t
      .http()
      .get(`/api/v1/subjects/${subjectId}`)
      .set(bearer(billing.clientToken))
      .set(purpose('SETTLEMENTS'));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('ACCESS_ORDER_REQUIRED');
  });

  it('explains effective access category by category with the reason for each denial (P10)', async () => {
    const staff = await operator();
    await issueOrder(t, officer.token, staff.id, { ...ALL, categories: ['CONTACT'] });
    const before = await t
      .http()
      .get(`/api/v1/staff/${staff.id}/effective-access`)
      .set(bearer(officer.token));
    expect(before.status).toBe(200);
    const byCategory = Object.fromEntries(
      before.body.categories.map((c: { category: string; denied: string | null }) => [
        c.category,
        c.denied,
      ]),
    );
    expect(byCategory).toMatchObject({ CONTACT: 'PLEDGE_MISSING', BANKING: 'NO_ORDER' });
    await signPledge(t, staff);
    const after = await t
      .http()
      .get(`/api/v1/staff/${staff.id}/effective-access`)
      .set(bearer(officer.token));
    const contact = after.body.categories.find(
      (c: { category: string }) => c.category === 'CONTACT',
    );
    expect(contact.denied).toBeNull();
    expect(contact.grants[0].operations).toEqual(['READ']);
  });
});
