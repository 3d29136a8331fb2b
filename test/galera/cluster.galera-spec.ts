import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { Role } from '../../src/staff/roles';
import { grantAccess, orderBody, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor, staffLogin } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { galera, type Node, NODES, nodeEnv, queryNode, through } from '../support/galera';
import { type Instance, spawnInstance } from '../support/instance';
import { startSmtp, type TestSmtp } from '../support/smtp';
import {
  type Billing,
  publishPolicy,
  registerSubject,
  setUpBilling,
  subjectBody,
} from '../support/subjects';

const CAP = 3;
const MAX_FAILURES = 4;
const MAIL = { MAIL_FROM: 'privacy@fingram.test', MAIL_POLL_MS: '100' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * DESIGN.md "Running at scale", proven: two instances of the service, A on node 1 and
 * B on node 2 of a three-node MariaDB Galera cluster (scripts/galera.sh), with the same
 * keys. A third, in-process app on node 3 is the harness: it creates the database, runs
 * the migrations and lends the support helpers its clock; it sends no mail.
 */
describe('Two instances on two nodes of a Galera cluster (running at scale)', () => {
  let t: TestApp;
  let a: Instance;
  let b: Instance;
  let smtp: TestSmtp;
  let billing: Billing;
  let database: string;

  const post = (instance: Instance, path: string, token: string, body: object) =>
    request(instance.url).post(path).set(bearer(token)).timeout(60_000).send(body);
  const get = (instance: Instance, path: string, token: string) =>
    request(instance.url).get(path).set(bearer(token)).timeout(60_000);
  const serverErrors = (answers: Response[]): unknown[] =>
    answers.filter((answer) => answer.status >= 500).map((answer): unknown => answer.body);

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({
      env: {
        ACCESS_ORDER_CAP_PER_CATEGORY: String(CAP),
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES),
      },
    });
    database = t.env.DB_NAME;
    const env = (node: Node) => ({
      ...t.env,
      ...nodeEnv(node),
      ...MAIL,
      SMTP_URL: smtp.url,
      // At debug level an instance logs each message it sent ("mail sent", no PD).
      LOG_LEVEL: 'debug',
    });
    // One after the other: two compiling at once on a busy machine outlast the start timeout.
    a = await spawnInstance(env(1));
    b = await spawnInstance(env(2));
    billing = await setUpBilling(through(t, a));
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    // GALERA_TEST_LOGS=<dir> keeps both instances' logs (JSON, no PD) for a failed run.
    if (process.env.GALERA_TEST_LOGS) {
      writeFileSync(join(process.env.GALERA_TEST_LOGS, 'instance-a.log'), a?.output() ?? '');
      writeFileSync(join(process.env.GALERA_TEST_LOGS, 'instance-b.log'), b?.output() ?? '');
    }
    await t?.close();
    await smtp?.close();
    // Whatever happened above, leave all three nodes running for the next run.
    await galera('start', 1);
  });

  it('registers the same people through both instances at once: each once, the other refused, no 5xx (P12)', async () => {
    const bodies = Array.from({ length: 12 }, () => subjectBody(billing.policyVersionId));
    const answers = await Promise.all(
      bodies.flatMap((body) =>
        [a, b].map((instance) => post(instance, '/api/v1/subjects', billing.clientToken, body)),
      ),
    );
    expect(serverErrors(answers)).toEqual([]);
    for (let i = 0; i < bodies.length; i++) {
      const pair = [answers[2 * i], answers[2 * i + 1]];
      expect(pair.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(pair.find((answer) => answer.status === 409)?.body.code).toBe('ALREADY_EXISTS');
    }
    const created = answers
      .filter((answer) => answer.status === 201)
      .map((answer) => String(answer.body.id));
    for (const node of NODES) {
      const rows = await queryNode<{ n: number }>(
        node,
        database,
        'SELECT COUNT(*) AS n FROM subjects',
      );
      expect(Number(rows[0].n)).toBe(created.length);
    }
  });

  it('never puts more people on a category than the cap when orders race on two nodes (P11.2)', async () => {
    const officers = [
      await createStaff(through(t, a), [Role.COMPLIANCE_OFFICER]),
      await createStaff(through(t, b), [Role.COMPLIANCE_OFFICER]),
    ];
    const people: StaffActor[] = [];
    for (let i = 0; i <= 2 * CAP; i++)
      people.push(await createStaff(through(t, i % 2 ? b : a), [Role.OPERATOR]));
    const terms = { categories: ['BANKING'], operations: ['READ'], purposes: ['SETTLEMENTS'] };
    const issue = (i: number) =>
      post(
        i % 2 ? b : a,
        '/api/v1/access-orders',
        officers[i % 2].token,
        orderBody(people[i].id, terms, t.clock.now()),
      );
    // One order first, as in any running system: whatever the cap's lock is, it exists now.
    expect((await issue(0)).status).toBe(201);

    const answers = await Promise.all(people.slice(1).map((_, i) => issue(i + 1)));

    // The rule first: whatever else went wrong, the cap holds on every node.
    for (const node of NODES) {
      const holders = await queryNode<{ n: number }>(
        node,
        database,
        `SELECT COUNT(DISTINCT holderId) AS n FROM access_orders
         WHERE holderKind = 'STAFF' AND revokedAt IS NULL AND categories LIKE '%"BANKING"%'`,
      );
      expect(Number(holders[0].n)).toBeLessThanOrEqual(CAP);
    }
    // And every request had its answer: issued, or refused by the cap; never a 5xx.
    expect(serverErrors(answers)).toEqual([]);
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(CAP - 1);
    expect(
      answers.filter((answer) => answer.status === 409 && answer.body.code === 'ORDER_CAP_REACHED'),
    ).toHaveLength(CAP + 1);
  });

  it('emails each affected subject exactly once while both outbox workers run (P20)', async () => {
    const emails: string[] = [];
    for (let i = 0; i < 16; i++)
      emails.push((await registerSubject(through(t, i % 2 ? b : a), billing)).email);
    const sentBy = (instance: Instance) =>
      (instance.output().match(/"msg":"mail sent"/g) ?? []).length;
    const before = sentBy(a) + sentBy(b);

    const version = await publishPolicy(through(t, b), billing.officerToken, { significant: true });

    const rows = await eventually(
      async () => {
        const current = await queryNode<{ id: string; status: string; attempts: number }>(
          3,
          database,
          'SELECT id, status, attempts FROM outbox_messages WHERE reference = ?',
          [version.id],
        );
        return current.length > 0 && current.every((row) => row.status === 'SENT') && current;
      },
      'every policy-change message to be sent',
      90_000,
    );
    billing = { ...billing, policyVersionId: version.id };

    expect(rows.length).toBeGreaterThanOrEqual(emails.length);
    expect(rows.every((row) => Number(row.attempts) === 1)).toBe(true);
    const ids = new Set(rows.map((row) => `<${row.id}@fingram.test>`));
    const delivered = smtp.received.filter((mail) => ids.has(mail.messageId));
    expect(delivered).toHaveLength(rows.length);
    expect(new Set(delivered.map((mail) => mail.messageId)).size).toBe(rows.length);
    const recipients = delivered.flatMap((mail) => mail.recipients);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toEqual(expect.arrayContaining(emails));
    // Both workers took part, and between them sent each message once.
    await eventually(
      () => sentBy(a) + sentBy(b) - before >= rows.length,
      'both instances to log their sends',
    );
    expect(sentBy(a) + sentBy(b) - before).toBe(rows.length);
    expect(sentBy(a)).toBeGreaterThan(0);
    expect(sentBy(b)).toBeGreaterThan(0);
  });

  it('counts sign-in failures and honours a sign-out across nodes at once (P11.1)', async () => {
    // Galera applies another node's commit a moment later; wsrep_sync_wait makes each read
    // wait for it, so a limit or a revocation written through A holds on B's next read.
    const staff = await createStaff(through(t, a), [Role.OPERATOR]);
    const login = (instance: Instance, password: string) =>
      request(instance.url)
        .post('/api/v1/auth/staff/login')
        .timeout(60_000)
        .send({ email: staff.email, password });
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await login(i % 2 ? b : a, 'not-the-password-at-all')).status).toBe(401);
    const refused = await login(b, staff.password);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('TOO_MANY_ATTEMPTS');

    // A token issued through one node is used next through the other, then signed out
    // through the first and refused at once through the other.
    const other = await createStaff(through(t, a), [Role.OPERATOR]);
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      const [here, there] = i % 2 ? [b, a] : [a, b];
      const token = await staffLogin(through(t, here), other.email, other.password);
      const before = await get(there, '/api/v1/staff/me', token);
      await post(here, '/api/v1/auth/logout', token, {}).expect(204);
      const after = await get(there, '/api/v1/staff/me', token);
      seen.push(`${before.status} then ${after.status}`);
    }
    expect(seen).toEqual(Array.from({ length: 40 }, () => '200 then 401'));
  });

  it('verifies the audit chain from either instance (P11.4)', async () => {
    const auditor = await createStaff(through(t, a), [Role.AUDITOR]);
    const [fromA, fromB] = await Promise.all(
      [a, b].map((instance) => get(instance, '/api/v1/audit/verify', auditor.token)),
    );
    for (const answer of [fromA, fromB]) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true });
      expect(answer.body.firstBad).toBeUndefined();
    }
    // Each instance appends to chains of its own; both see every chain and entry.
    expect(fromA.body.chains).toBeGreaterThanOrEqual(3);
    expect(fromB.body).toMatchObject({ chains: fromA.body.chains, entries: fromA.body.entries });
  });

  it('weighs one operator’s reads raced on two nodes one after another (P16)', async () => {
    const staff = await createStaff(through(t, a), [Role.OPERATOR]);
    await grantAccess(
      through(t, a),
      staff,
      { categories: ['IDENTITY', 'CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
      billing.officerToken,
    );
    const subjects: string[] = [];
    for (let i = 0; i < 12; i++) subjects.push((await registerSubject(through(t, b), billing)).id);
    const answers = await Promise.all(
      subjects.map((id, i) =>
        get(i % 2 ? b : a, `/api/v1/subjects/${id}`, staff.token).set(purpose('CONTRACT')),
      ),
    );
    expect(serverErrors(answers)).toEqual([]);
    expect(answers.map((answer) => answer.status)).toEqual(subjects.map(() => 200));
    // Each node's append took the operator's gate row; Galera certified the two nodes'
    // writes of it, so each append counted every read committed before it, on any node.
    const figures = await queryNode<{ readsInWindow: number }>(
      3,
      database,
      `SELECT readsInWindow FROM audit_entries
       WHERE actorId = ? AND outcome = 'ALLOWED' AND operation = 'READ'`,
      [staff.id],
    );
    expect(figures.map((row) => Number(row.readsInWindow)).sort((x, y) => x - y)).toEqual(
      subjects.map((_, i) => i + 1),
    );
  });

  it('loses no acknowledged write when a node is killed mid-run, and answers 503 while it is gone', async () => {
    const acknowledged: Array<{ id: string; at: number; by: Instance }> = [];
    // B's node stays up: each of its writes must succeed, before the kill and after.
    const failedOnB: unknown[] = [];
    // A's refusals while its node is gone: the database is out of reach, the token is fine.
    const refusedByA: Array<{ status: number; code: string; retryAfter: string }> = [];
    let writing = true;
    let killedAt = Infinity;
    const writer = async (instance: Instance) => {
      while (writing) {
        const body = subjectBody(billing.policyVersionId);
        const answer = await post(instance, '/api/v1/subjects', billing.clientToken, body).catch(
          (error: Error) => ({ status: 0, body: { error: error.message } }),
        );
        if (answer.status === 201) {
          acknowledged.push({ id: answer.body.id, at: Date.now(), by: instance });
          continue;
        }
        if (instance === b) failedOnB.push({ status: answer.status, body: answer.body });
        else
          refusedByA.push({
            status: answer.status,
            code: String((answer.body as { code?: unknown }).code),
            retryAfter: String('headers' in answer ? answer.headers['retry-after'] : undefined),
          });
        // A's node is gone: its failed writes are not acknowledged; pause, don't spin.
        await sleep(200);
      }
    };
    const writers = [a, a, b, b].map(writer);

    await sleep(3_000);
    killedAt = Date.now();
    await galera('kill', 1);
    await sleep(10_000);
    writing = false;
    await Promise.all(writers);

    expect(failedOnB).toEqual([]);
    // Never a 500, nor a valid token refused as UNAUTHENTICATED: 503 with Retry-After.
    expect(refusedByA).not.toEqual([]);
    expect(refusedByA.filter((refusal) => refusal.status !== 503)).toEqual([]);
    expect(new Set(refusedByA.map((refusal) => `${refusal.code} ${refusal.retryAfter}`))).toEqual(
      new Set(['SERVICE_UNAVAILABLE 1']),
    );
    // A's writes through node 1 before it died are among those that must survive it.
    expect(acknowledged.filter((write) => write.by === a && write.at < killedAt)).not.toEqual([]);
    // B went on writing through node 2 after node 1 died.
    expect(acknowledged.filter((write) => write.by === b && write.at > killedAt)).not.toEqual([]);

    await galera('start', 1);
    const ids = acknowledged.map((write) => write.id);
    for (const node of NODES) {
      const found = await queryNode<{ id: string }>(
        node,
        database,
        `SELECT id FROM subjects WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      expect(found.map((row) => row.id).sort()).toEqual([...ids].sort());
    }

    // A serves again once its node is back, and the trail still verifies from both.
    await eventually(
      async () =>
        (
          await post(
            a,
            '/api/v1/subjects',
            billing.clientToken,
            subjectBody(billing.policyVersionId),
          )
        ).status === 201,
      'instance A to write again through node 1',
      60_000,
      500,
    );
    const auditor = await createStaff(through(t, b), [Role.AUDITOR]);
    for (const instance of [a, b]) {
      const verified = await get(instance, '/api/v1/audit/verify', auditor.token);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ ok: true });
    }
  });
});
