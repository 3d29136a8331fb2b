import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

const ALL = { categories: ['IDENTITY', 'CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] };

describe('Detection and incidents (P16)', () => {
  let t: TestApp;
  let billing: Billing;
  let officer: StaffActor;

  beforeAll(async () => {
    t = await startApp({ env: { DETECT_DENIED_LIMIT: '3', DETECT_READ_LIMIT: '2' } });
    billing = await setUpBilling(t);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  });
  afterAll(() => t.close());

  const read = (who: StaffActor, id: string, headers = purpose('CONTRACT')) =>
    t.http().get(`/api/v1/subjects/${id}`).set(bearer(who.token)).set(headers);
  const incidentsOf = async (actorId: string) =>
    (await t.http().get('/api/v1/incidents').query({ actorId }).set(bearer(officer.token))).body
      .items as Array<Record<string, unknown>>;

  it('suspends a staff member at the Nth denied PD attempt and opens an incident with its breach-notice deadline (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    const subject = await registerSubject(t, billing);
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect((await read(staff, subject.id)).body.code).toBe('ACCESS_ORDER_REQUIRED');
    }
    expect(await incidentsOf(staff.id)).toEqual([]);
    expect((await read(staff, subject.id)).body.code).toBe('ACCESS_ORDER_REQUIRED');
    const next = await read(staff, subject.id);
    expect(next.status).toBe(403);
    expect(next.body.code).toBe('ACCOUNT_SUSPENDED');
    const [incident] = await incidentsOf(staff.id);
    expect(incident).toMatchObject({ rule: 'DENIED_ATTEMPTS', status: 'OPEN', actorKind: 'staff' });
    const opened = new Date(incident.openedAt as string).getTime();
    const due = new Date(incident.breachNoticeDueAt as string).getTime();
    expect(due).toBeGreaterThan(opened);
    expect(due - opened).toBeLessThanOrEqual(5 * 86_400_000);
  });

  it('suspends a staff member who reads more distinct subjects than the limit (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, ALL, officer.token);
    const subjects = [
      await registerSubject(t, billing),
      await registerSubject(t, billing),
      await registerSubject(t, billing),
    ];
    expect((await read(staff, subjects[0].id)).status).toBe(200);
    expect((await read(staff, subjects[0].id)).status).toBe(200);
    expect((await read(staff, subjects[1].id)).status).toBe(200);
    expect((await read(staff, subjects[2].id)).status).toBe(200);
    const refused = await read(staff, subjects[0].id);
    expect(refused.body.code).toBe('ACCOUNT_SUSPENDED');
    expect((await incidentsOf(staff.id))[0]).toMatchObject({ rule: 'MASS_READ', status: 'OPEN' });
  });

  it('suspends once, and refuses the next request, when raced reads cross the limit together (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, ALL, officer.token);
    const subjects = await Promise.all(
      Array.from({ length: 6 }, () => registerSubject(t, billing)),
    );
    const answers = await Promise.all(subjects.map((subject) => read(staff, subject.id)));
    // Admitted before any of them was weighed; each answered only after its entry was.
    expect(answers.every((answer) => [200, 403].includes(answer.status))).toBe(true);
    const refused = await read(staff, subjects[0].id);
    expect(refused.body.code).toBe('ACCOUNT_SUSPENDED');
    const incidents = await incidentsOf(staff.id);
    expect(incidents.map((incident) => [incident.rule, incident.status])).toEqual([
      ['MASS_READ', 'OPEN'],
    ]);
  });

  it('lets another compliance officer lift the suspension and records who did (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    const subject = await registerSubject(t, billing);
    for (let attempt = 1; attempt <= 3; attempt++) await read(staff, subject.id);
    const [incident] = await incidentsOf(staff.id);
    const lifted = await t
      .http()
      .post(`/api/v1/incidents/${incident.id as string}/lift`)
      .set(bearer(officer.token))
      .send({ reason: 'Проверка: ошибка в номере заявки' });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ status: 'LIFTED', liftedBy: officer.id });
    expect((await read(staff, subject.id)).body.code).toBe('ACCESS_ORDER_REQUIRED');
  });

  it('suspends a service client the same way (P16)', async () => {
    const client = billing.clientToken;
    const subject = await registerSubject(t, billing);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await t
        .http()
        .get(`/api/v1/subjects/${subject.id}`)
        .set(bearer(client))
        .set(purpose('CONTRACT'));
    }
    const refused = await t
      .http()
      .get(`/api/v1/subjects/${subject.id}/consents`)
      .set(bearer(client));
    expect(refused.body.code).toBe('ACCOUNT_SUSPENDED');
    expect((await incidentsOf(billing.clientId))[0]).toMatchObject({
      actorKind: 'client',
      rule: 'DENIED_ATTEMPTS',
    });
  });

  it('shows the subject who touched their data, staff by role and id (P15.1)', async () => {
    const other = await setUpBilling(t);
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, ALL, officer.token);
    const subject = await registerSubject(t, other);
    expect((await read(staff, subject.id)).status).toBe(200);
    const token = await subjectLogin(t, subject.email);
    expect((await t.http().get('/api/v1/me').set(bearer(token))).status).toBe(200);
    const log = await t.http().get('/api/v1/me/access-log').set(bearer(token));
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toEqual(
      expect.objectContaining({
        actorKind: 'staff',
        actorId: staff.id,
        actorRoles: ['OPERATOR'],
        action: 'SUBJECT_READ',
        purpose: 'CONTRACT',
        outcome: 'ALLOWED',
      }),
    );
    // The Billing's registration, and the consent it carried, are touches by someone else too.
    const who = log.body.items.map((item: { actorKind: string; action: string }) =>
      [item.actorKind, item.action].join(' '),
    );
    expect(who.sort()).toEqual([
      'client CONSENT_GIVE',
      'client SUBJECT_REGISTER',
      'staff SUBJECT_READ',
    ]);
    expect(JSON.stringify(log.body)).not.toContain('Test Staff');
    const own = await t.db.query(
      "SELECT COUNT(*) AS n FROM audit_entries WHERE actorKind = 'subject' AND subjectId = ?",
      [subject.id],
    );
    expect(Number(own[0].n)).toBe(1);
  });
});
