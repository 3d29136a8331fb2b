import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditLog } from '../../src/audit/audit-log';
import type { NewAuditEntry } from '../../src/audit/audit-origin';
import { AuditTrail } from '../../src/audit/audit-trail';
import { Role } from '../../src/staff/roles';
import { adminLogin, bearer, createStaff, signedInAgain, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';

const DAY = 86_400_000;

describe('Reading the audit trail (P11.4, P15)', () => {
  let t: TestApp;
  let admin: string;
  let auditor: StaffActor;
  let officer: StaffActor;
  let operator: StaffActor;
  const subject = randomUUID();
  const otherSubject = randomUUID();
  const clientId = randomUUID();
  let dayTwo: AuditEntry;

  /** PD touches as the access guard will record them (it arrives with issue 4's guard). */
  const touch = (entry: Partial<NewAuditEntry>): Promise<AuditEntry> =>
    t.app.get(AuditTrail).record({
      actorKind: 'staff',
      actorId: operator.id,
      actorRoles: [Role.OPERATOR],
      requestId: `pd-${randomUUID()}`,
      ip: '203.0.113.9',
      action: 'SUBJECT_READ',
      outcome: 'ALLOWED',
      subjectId: subject,
      categories: ['IDENTITY', 'CONTACT'],
      operation: 'READ',
      purpose: 'CONTRACT',
      reason: 'TICKET-7',
      ...entry,
    });

  beforeAll(async () => {
    t = await startApp();
    admin = await adminLogin(t);
    auditor = await createStaff(t, [Role.AUDITOR], admin);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER], admin);
    operator = await createStaff(t, [Role.OPERATOR], admin);
    await touch({});
    await touch({ outcome: 'DENIED', code: 'ACCESS_ORDER_REQUIRED', categories: ['BANKING'] });
    await touch({ actorKind: 'client', actorId: clientId, actorRoles: [], reason: null });
    t.clock.advance(DAY);
    dayTwo = await touch({
      action: 'SUBJECT_UPDATE',
      operation: 'UPDATE',
      subjectId: otherSubject,
    });
    await touch({ action: 'SUBJECT_SEARCH', categories: ['CONTACT'] });
    // A day later every session has expired on the server's clock: sign in again.
    admin = await adminLogin(t);
    [auditor, officer, operator] = await Promise.all(
      [auditor, officer, operator].map((actor) => signedInAgain(t, actor)),
    );
  });
  afterAll(() => t.close());

  const list = async (query: string, token = auditor.token) => {
    const response = await t.http().get(`/api/v1/audit?${query}`).set(bearer(token));
    expect(response.status).toBe(200);
    return response.body.items as Array<Record<string, unknown>>;
  };

  it('filters by actor (P11.4)', async () => {
    const items = await list(`actorId=${operator.id}`);
    // The four touches; the operator's enrolment and the session it opened; the sign-in a day later.
    expect(items.map((item) => item.action).filter((action) => action === 'SIGN_IN')).toHaveLength(
      2,
    );
    expect(items.filter((item) => item.action === 'STAFF_ENROL')).toHaveLength(1);
    expect(items).toHaveLength(7);
    expect(items.every((item) => item.actorId === operator.id)).toBe(true);
    expect(items[0]).toMatchObject({ actorKind: 'staff', actorRoles: [Role.OPERATOR] });
  });

  it('filters by subject and outcome (P11.4)', async () => {
    const denied = await list(`subjectId=${subject}&outcome=DENIED`);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      subjectId: subject,
      outcome: 'DENIED',
      code: 'ACCESS_ORDER_REQUIRED',
      categories: ['BANKING'],
    });
    expect(await list(`subjectId=${subject}`)).toHaveLength(4);
  });

  it('filters by action (P11.4)', async () => {
    const searches = await list('action=SUBJECT_SEARCH');
    expect(searches).toHaveLength(1);
    expect(searches[0].categories).toEqual(['CONTACT']);
    expect(await list('action=STAFF_CREATE')).toHaveLength(4);
  });

  it('filters by a time window, from inclusive and to exclusive (P11.4)', async () => {
    const from = dayTwo.at.toISOString();
    const later = await list(`from=${from}`);
    // Day two's touches, and the four sign-ins of people whose sessions expired overnight.
    expect(later.map((item) => item.action).sort()).toEqual([
      ...Array<string>(4).fill('SIGN_IN'),
      'SUBJECT_SEARCH',
      'SUBJECT_UPDATE',
    ]);
    const earlier = await list(`to=${from}`);
    expect(earlier.some((item) => item.id === dayTwo.id)).toBe(false);
    expect(earlier.filter((item) => item.subjectId === subject)).toHaveLength(3);
    const gap = await list(
      `from=${new Date(dayTwo.at.getTime() - DAY / 2).toISOString()}&to=${from}`,
    );
    expect(gap).toEqual([]);
  });

  it('pages newest first with limit and cursor, without repeats (P11.4)', async () => {
    const seen: Array<{ id: string; at: string }> = [];
    let cursor: string | null = null;
    do {
      const response: { body: { items: typeof seen; nextCursor: string | null } } = await t
        .http()
        .get(`/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(officer.token));
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await t.db.getRepository(AuditEntry).count());
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    const times = seen.map((item) => item.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('is read by auditors and compliance officers only (P11.1)', async () => {
    for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
      for (const token of [operator.token, admin]) {
        const refused = await t.http().get(path).set(bearer(token));
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({
          path,
          status: 403,
          code: 'FORBIDDEN_ROLE',
        });
      }
      for (const token of [auditor.token, officer.token]) {
        expect((await t.http().get(path).set(bearer(token))).status).toBe(200);
      }
    }
  });

  it('refuses malformed and unknown filters (P11.4)', async () => {
    for (const query of ['actorId=nobody', 'from=yesterday', 'outcome=MAYBE', 'actor=me']) {
      const response = await t.http().get(`/api/v1/audit?${query}`).set(bearer(auditor.token));
      expect({ query, status: response.status, code: response.body.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('shows a subject who touched their data: staff by role and id, never by name (P15)', async () => {
    const log = await t.app.get(AuditLog).accessLog(subject, { limit: 10 });
    const trail = await list(`subjectId=${subject}`);
    expect(log.items).toEqual(
      trail.map((item) => ({
        at: item.at,
        actorKind: item.actorKind,
        actorId: item.actorId,
        actorRoles: item.actorRoles,
        action: item.action,
        categories: item.categories,
        operation: item.operation,
        purpose: item.purpose,
        outcome: item.outcome,
      })),
    );
    expect(log.items.map((item) => item.actorKind).sort()).toEqual([
      'client',
      'staff',
      'staff',
      'staff',
    ]);
    const shown = JSON.stringify(log);
    for (const hidden of ['Test Staff', operator.email, '203.0.113.9', 'TICKET-7', 'pd-']) {
      expect(shown).not.toContain(hidden);
    }
    expect((await t.app.get(AuditLog).accessLog(randomUUID(), {})).items).toEqual([]);
  });
});
