import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { fromDbTime } from '../../src/database/db-time';
import { type RetentionRunResult, RetentionService } from '../../src/retention/retention.service';
import { Role } from '../../src/staff/roles';
import { cabinet, signedInSubject, type SignedIn } from '../consents/helpers';
import { bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { verifyTrail } from '../support/audit';
import { runCli } from '../support/instance';
import { type Billing, renewBilling, setUpBilling, subjectLogin } from '../support/subjects';

const RETENTION_DAYS = 30;
const DAY = 86_400_000;

describe('Retention runs: PD is depersonalized when its term after withdrawal ends (P17)', () => {
  let t: TestApp;
  let billing: Billing;
  let retention: RetentionService;

  beforeAll(async () => {
    t = await startApp({ env: { PD_RETENTION_DAYS: String(RETENTION_DAYS) } });
    billing = await setUpBilling(t);
    retention = t.app.get(RetentionService);
  });
  afterAll(() => t.close());
  afterEach(async () => {
    t.clock.reset();
    await renewBilling(t, billing);
  });

  const withdrawn = async (): Promise<SignedIn & { after: string }> => {
    const subject = await signedInSubject(t, billing);
    const answer = await cabinet(t, subject.token).withdraw('PD_PROCESSING');
    expect(answer.status).toBe(200);
    return { ...subject, after: answer.body.depersonalizeAfter as string };
  };

  const row = async (id: string) => {
    const [found] = await t.db.query(
      'SELECT depersonalizedAt, depersonalizationReason, depersonalizeAfter, emailIndex, passwordHash FROM subjects WHERE id = ?',
      [id],
    );
    return found as Record<string, unknown>;
  };
  const keyCount = async (id: string) =>
    Number(
      (await t.db.query('SELECT COUNT(*) AS n FROM subject_keys WHERE subjectId = ?', [id]))[0].n,
    );
  const depersonalizations = (id: string) =>
    t.db.getRepository(AuditEntry).findBy({ subjectId: id, action: 'SUBJECT_DEPERSONALIZE' });
  const due = (token: string, query: Record<string, string> = {}) =>
    t.http().get('/api/v1/retention/due').query(query).set(bearer(token));

  it('shows a compliance officer who is due and when, and refuses anyone else (P17)', async () => {
    const subject = await withdrawn();
    const later = new Date(Date.parse(subject.after) + DAY).toISOString();
    const listed = await due(billing.officerToken, { before: later, limit: '200' });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual({
      subjectId: subject.id,
      depersonalizeAfter: subject.after,
    });
    const earlier = new Date(Date.parse(subject.after) - 1).toISOString();
    const notYet = await due(billing.officerToken, { before: earlier, limit: '200' });
    expect(notYet.body.items.map((item: { subjectId: string }) => item.subjectId)).not.toContain(
      subject.id,
    );
    const operator = await createStaff(t, [Role.OPERATOR]);
    const refused = await due(operator.token, { before: later });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN_ROLE');
    const malformed = await due(billing.officerToken, { before: 'next tuesday' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(malformed.body)).not.toContain('next tuesday');
  });

  it('pages the due list soonest first without repeating anyone (P17)', async () => {
    for (let i = 0; i < 3; i++) await withdrawn();
    const before = new Date(Date.now() + (RETENTION_DAYS + 1) * DAY).toISOString();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await due(billing.officerToken, {
        before,
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { subjectId: string }) => item.subjectId));
      const dates = page.body.items.map(
        (item: { depersonalizeAfter: string }) => item.depersonalizeAfter,
      );
      expect([...dates].sort()).toEqual(dates);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it("puts the depersonalization date in the subject's report (P15.3, P17)", async () => {
    const subject = await signedInSubject(t, billing);
    const before = await t.http().get('/api/v1/me/report').set(bearer(subject.token));
    expect(before.body.depersonalizeAfter).toBeNull();
    const answer = await cabinet(t, subject.token).withdraw('PD_PROCESSING');
    const after = await t.http().get('/api/v1/me/report').set(bearer(subject.token));
    expect(after.status).toBe(200);
    expect(after.body.depersonalizeAfter).toBe(answer.body.depersonalizeAfter);
  });

  it('depersonalizes the due subjects once the term has passed and leaves the others untouched (P17)', async () => {
    const dueOne = await withdrawn();
    const keeping = await signedInSubject(t, billing);
    t.clock.advanceDays(RETENTION_DAYS - 1);
    await renewBilling(t, billing);
    const notYet = await withdrawn(); // its term starts a month later than dueOne's
    expect((await retention.run()).failed).toBe(0);
    expect((await row(dueOne.id)).depersonalizedAt).toBeNull();

    t.clock.advanceDays(2);
    const result = await retention.run();
    expect(result).toMatchObject({ failed: 0, dryRun: false });
    expect(result.depersonalized).toBeGreaterThanOrEqual(1);

    const tombstone = await row(dueOne.id);
    expect(tombstone).toMatchObject({
      depersonalizationReason: 'RETENTION_EXPIRED',
      depersonalizeAfter: null,
      emailIndex: null,
      passwordHash: null,
    });
    expect(fromDbTime(tombstone.depersonalizedAt as string).getTime()).toBeGreaterThan(
      Date.parse(dueOne.after),
    );
    expect(await keyCount(dueOne.id)).toBe(0);
    const [entry, ...more] = await depersonalizations(dueOne.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorKind: 'system',
      actorId: null,
      outcome: 'ALLOWED',
      reason: 'RETENTION_EXPIRED',
    });
    const login = await t
      .http()
      .post('/api/v1/auth/subjects/login')
      .send({ email: dueOne.email, password: 'steppe-falcon-amber-62' });
    expect(login.status).toBe(401);

    for (const untouched of [keeping, notYet]) {
      expect(await row(untouched.id)).toMatchObject({ depersonalizedAt: null });
      expect(await keyCount(untouched.id)).toBe(1);
      expect(await depersonalizations(untouched.id)).toEqual([]);
    }
    expect(await subjectLogin(t, keeping.email)).toEqual(expect.any(String));
    await renewBilling(t, billing);
    expect((await verifyTrail(t, billing.officerToken)).ok).toBe(true);
  });

  it('lifts the mark when consent to processing is given again, so the run leaves the subject (P17)', async () => {
    const subject = await withdrawn();
    const given = await cabinet(t, subject.token).give('PD_PROCESSING', billing.policyVersionId);
    expect(given.status).toBe(201);
    expect((await row(subject.id)).depersonalizeAfter).toBeNull();
    t.clock.advanceDays(RETENTION_DAYS + 1);
    await retention.run();
    expect(await row(subject.id)).toMatchObject({ depersonalizedAt: null });
    expect(await depersonalizations(subject.id)).toEqual([]);
  });

  it('counts without changing anything on a dry run (P17)', async () => {
    const subject = await withdrawn();
    t.clock.advanceDays(RETENTION_DAYS + 1);
    const result = await retention.run({ dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.due).toBeGreaterThanOrEqual(1);
    expect(result.depersonalized).toBe(0);
    expect(await row(subject.id)).toMatchObject({ depersonalizedAt: null });
  });

  it('never depersonalizes a subject twice when runs overlap: two in one process, two command-line processes (P17)', async () => {
    const subjects: SignedIn[] = [];
    for (let i = 0; i < 12; i++) subjects.push(await withdrawn());
    // The command-line processes run on the real clock: their term has passed in the database.
    const past = new Date(Date.now() - DAY);
    for (const subject of subjects) {
      await t.db.query('UPDATE subjects SET depersonalizeAfter = ? WHERE id = ?', [
        t.db.driver.options.type === 'better-sqlite3'
          ? past.toISOString().replace('T', ' ').replace('Z', '')
          : past,
        subject.id,
      ]);
    }
    // Two runs in this process (side by side on the pool's connections) and two processes.
    const [first, second, ...here] = await Promise.all([
      runCli(t.env, ['retention:run']),
      runCli(t.env, ['retention:run']),
      retention.run(),
      retention.run(),
    ]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const results: RetentionRunResult[] = [
      JSON.parse(first.stdout) as RetentionRunResult,
      JSON.parse(second.stdout) as RetentionRunResult,
      ...here,
    ];
    const total = results.reduce((sum, each) => sum + Number(each.depersonalized), 0);
    expect(results.every((each) => each.failed === 0)).toBe(true);
    for (const subject of subjects) {
      expect((await row(subject.id)).depersonalizationReason).toBe('RETENTION_EXPIRED');
      expect(await depersonalizations(subject.id)).toHaveLength(1);
    }
    expect(total).toBeGreaterThanOrEqual(subjects.length);
    expect((await verifyTrail(t, billing.officerToken)).ok).toBe(true);
  }, 180_000);
});
