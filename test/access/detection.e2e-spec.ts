import { randomUUID } from 'node:crypto';
import { ActorActivity } from '../../src/audit/actor-activity';
import { AuditTrail } from '../../src/audit/audit-trail';
import type { NewAuditEntry } from '../../src/audit/audit-origin';
import { Transactions } from '../../src/database/transactions';
import { Detection } from '../../src/incidents/detection';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

const ALL = { categories: ['IDENTITY', 'CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] };
const EXPORT = { categories: ['CONTACT'], operations: ['EXPORT'], purposes: ['CONTRACT'] };

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

  it('suspends a staff member who exports more distinct subjects than the limit, as one who reads them (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, EXPORT, officer.token);
    const subjects = [
      await registerSubject(t, billing),
      await registerSubject(t, billing),
      await registerSubject(t, billing),
    ];
    const exportOf = (id: string) =>
      t
        .http()
        .post(`/api/v1/subjects/${id}/exports`)
        .set(bearer(staff.token))
        .set(purpose('CONTRACT'))
        .send({ categories: ['CONTACT'], destination: 'Суд, запрос № 4' });
    expect((await exportOf(subjects[0].id)).status).toBe(201);
    expect((await exportOf(subjects[1].id)).status).toBe(201);
    expect(await incidentsOf(staff.id)).toEqual([]);
    expect((await exportOf(subjects[2].id)).status).toBe(201);
    const refused = await exportOf(subjects[0].id);
    expect(refused.body.code).toBe('ACCOUNT_SUSPENDED');
    expect((await incidentsOf(staff.id))[0]).toMatchObject({ rule: 'MASS_READ', status: 'OPEN' });
  });

  /** A stored time as either driver hands it back (SQLite: UTC text; MariaDB: a Date). */
  const timeOf = (value: unknown): number =>
    value instanceof Date
      ? value.getTime()
      : new Date(`${String(value).replace(' ', 'T')}Z`).getTime();
  const countersOf = async (actorId: string) =>
    (
      await t.db.query<Array<{ subjectId: string; lastReadAt: unknown }>>(
        'SELECT subjectId, lastReadAt FROM actor_reads WHERE actorId = ? ORDER BY subjectId',
        [actorId],
      )
    ).map((row) => ({ subjectId: row.subjectId, at: timeOf(row.lastReadAt) }));
  const entriesAt = async (actorId: string, subjectId: string) =>
    (
      await t.db.query<Array<{ at: unknown }>>(
        "SELECT at FROM audit_entries WHERE actorId = ? AND subjectId = ? AND operation = 'READ' AND outcome = 'ALLOWED' ORDER BY at",
        [actorId, subjectId],
      )
    ).map((row) => timeOf(row.at));

  it('counts a subject read again and again as one subject, from the counter kept with each entry (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, ALL, officer.token);
    const [first, second] = [await registerSubject(t, billing), await registerSubject(t, billing)];
    for (let time = 1; time <= 5; time++) {
      expect((await read(staff, first.id)).status).toBe(200);
      t.clock.advance(1000);
    }
    expect((await read(staff, second.id)).status).toBe(200);
    expect(await incidentsOf(staff.id)).toEqual([]);
    const counters = await countersOf(staff.id);
    expect(counters.map((row) => row.subjectId).sort()).toEqual([first.id, second.id].sort());
    // The row carries the last read's time, exactly as the trail holds it.
    const firstReads = await entriesAt(staff.id, first.id);
    expect(firstReads).toHaveLength(5);
    const [firstCounter] = counters.filter((row) => row.subjectId === first.id);
    expect(firstCounter.at).toBe(firstReads[4]);
  });

  it('counts a read however it reaches the trail, and never one whose entry rolled back (P16)', async () => {
    const actorId = randomUUID();
    const [kept, rolledBack] = [randomUUID(), randomUUID()];
    const entry = (subjectId: string) => readEntry(actorId, subjectId);
    const trail = t.app.get(AuditTrail);
    await trail.record(entry(kept));
    await expect(
      t.app.get(Transactions).run(async (tx) => {
        await trail.record(entry(rolledBack), tx);
        throw new Error('the work failed after its entry');
      }),
    ).rejects.toThrow('the work failed after its entry');
    expect((await countersOf(actorId)).map((row) => row.subjectId)).toEqual([kept]);
    // A refusal is no read.
    await trail.record({ ...entry(rolledBack), outcome: 'DENIED', code: 'ACCESS_ORDER_REQUIRED' });
    expect((await countersOf(actorId)).map((row) => row.subjectId)).toEqual([kept]);
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

  it('weighs each read in the statement that appends it, one after another under a burst (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, ALL, officer.token);
    const subjects = await Promise.all(
      Array.from({ length: 4 }, () => registerSubject(t, billing)),
    );
    const activity = t.app.get(ActorActivity);
    const counted: string[] = [];
    const count = jest.spyOn(activity, 'subjectsReadSince');
    count.mockImplementation(function (this: ActorActivity, actorIds, since) {
      counted.push(...actorIds);
      return ActorActivity.prototype.subjectsReadSince.call(this, actorIds, since);
    });
    // A burst straight into the trail: three group commits of 64 on three lanes at once,
    // every entry a read of another subject by one actor.
    const actorId = randomUUID();
    const trail = t.app.get(AuditTrail);
    try {
      // The third distinct subject passes the limit (2): answered, and the account suspended.
      for (const subject of subjects.slice(0, 3))
        expect((await read(staff, subject.id)).status).toBe(200);
      await Promise.all(
        Array.from({ length: 192 }, () => trail.record(readEntry(actorId, randomUUID()))),
      );
    } finally {
      count.mockRestore();
    }
    const figures = async (who: string) =>
      (
        await t.db.query<Array<{ readsInWindow: unknown }>>(
          `SELECT readsInWindow FROM audit_entries
           WHERE actorId = ? AND outcome = 'ALLOWED' AND operation = 'READ'`,
          [who],
        )
      ).map((row) => (row.readsInWindow === null ? null : Number(row.readsInWindow)));
    const [reads, burst] = [await figures(staff.id), await figures(actorId)];
    expect(reads).toHaveLength(3);
    expect(burst).toHaveLength(192);
    if (driver === 'mysql') {
      // Each append counted the reads committed before it and its own: never two alike,
      // which raced appends counting from their own snapshots would have given.
      const ascending = (list: Array<number | null>) => [...list].sort((a, b) => a! - b!);
      expect(ascending(burst)).toEqual(burst.map((_, i) => i + 1));
      expect(ascending(reads)).toEqual([1, 2, 3]);
      expect(counted).toEqual([]);
    } else {
      // SQLite admits one writer at a time; detection counts after each commit instead.
      expect([...reads, ...burst].every((figure) => figure === null)).toBe(true);
      expect(new Set(counted)).toEqual(new Set([staff.id, actorId]));
    }
    expect((await read(staff, subjects[3].id)).body.code).toBe('ACCOUNT_SUSPENDED');
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

  // Last: it moves the clock past every token's life.
  it('forgets read counters older than the read window, which no window counts (P16)', async () => {
    const staff = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, staff, ALL, officer.token);
    // A client of its own: the file's billing client is suspended by a test above.
    const subject = await registerSubject(t, await setUpBilling(t));
    expect((await read(staff, subject.id)).status).toBe(200);
    await t.app.get(Detection).forgetOldReads();
    expect(await countersOf(staff.id)).toHaveLength(1);
    t.clock.advance(t.config.detection.readWindowSeconds * 1000 + 1000);
    await t.app.get(Detection).forgetOldReads();
    expect(await countersOf(staff.id)).toEqual([]);
  });
});

/** An allowed read as the access rule records it, written straight into the trail. */
const readEntry = (actorId: string, subjectId: string): NewAuditEntry => ({
  actorKind: 'staff',
  actorId,
  actorRoles: [Role.OPERATOR],
  requestId: `pd-${randomUUID()}`,
  ip: '203.0.113.9',
  action: 'SUBJECT_READ',
  outcome: 'ALLOWED',
  subjectId,
  categories: ['IDENTITY'],
  operation: 'READ',
  purpose: 'CONTRACT',
});
