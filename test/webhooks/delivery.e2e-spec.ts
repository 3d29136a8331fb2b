import { Role } from '../../src/staff/roles';
import { verifySignature } from '../../src/webhooks/signature';
import { WEBHOOK_EVENTS } from '../../src/webhooks/vocabulary';
import { WebhookWorker } from '../../src/webhooks/webhook-worker';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import {
  type Billing,
  publishPolicy,
  registerSubject,
  renewBilling,
  setUpBilling,
  subjectLogin,
} from '../support/subjects';
import { type Receiver, startReceiver } from '../support/webhook-receiver';
import { fileAndComplete, handlingOfficer } from '../data-requests/helpers';
import { createParty, partyBody } from '../third-parties/helpers';

const HOUR = 3_600_000;

describe('Signed events instead of polling (issue 14 §4)', () => {
  let t: TestApp;
  let billing: Billing;
  let admin: string;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startApp({
      env: {
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE: 'true',
        // The test drives the worker itself (tick), so the clock can be moved between attempts.
        WEBHOOK_POLL_MS: '600000',
        WEBHOOK_RETRY_BASE_SECONDS: '60',
        WEBHOOK_MAX_ATTEMPTS: '4',
      },
    });
    billing = await setUpBilling(t);
    admin = await adminLogin(t);
    receiver = await startReceiver();
  });
  // Each test starts with no endpoint, so one test's endpoint never takes another's events.
  afterEach(async () => {
    await t.db.query('DELETE FROM webhook_deliveries');
    await t.db.query('DELETE FROM webhook_endpoints');
    t.clock.reset();
    await renewBilling(t, billing);
    admin = await adminLogin(t);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const register = (url: string, events: string[] = WEBHOOK_EVENTS) =>
    t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ clientId: billing.clientId, url, events });
  const drain = async () => {
    while ((await t.app.get(WebhookWorker).tick()) > 0);
  };
  const deliveriesOf = async (id: string) => {
    const response = await t
      .http()
      .get(`/api/v1/webhooks/${id}/deliveries`)
      .set(bearer(await adminLogin(t)));
    expect(response.status).toBe(200);
    return response.body.items as Array<Record<string, unknown>>;
  };

  it('delivers each of the eight events once, signed, carrying no PD', async () => {
    const created = await register(receiver.url);
    expect(created.status).toBe(201);
    const { secret, id } = created.body as { secret: string; id: string };
    expect(secret).toMatch(/^whsec_/);
    const read = await t.http().get(`/api/v1/webhooks/${id}`).set(bearer(admin));
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    const [stored] = await t.db.query('SELECT * FROM webhook_endpoints WHERE id = ?', [id]);
    expect(JSON.stringify(stored)).not.toContain(secret);

    // consent.granted (registration)
    const subject = await registerSubject(t, billing);
    // contract.state_changed
    await t
      .http()
      .put(`/api/v1/subjects/${subject.id}/contract`)
      .set(bearer(billing.clientToken))
      .send({ state: 'OBLIGATIONS_FULFILLED', at: t.clock.now().toISOString() })
      .expect(200);
    // policy.published
    await publishPolicy(t, billing.officerToken, {
      effectiveAt: new Date(t.clock.now().getTime() + 365 * 24 * HOUR).toISOString(),
    });
    // consent.granted and consent.withdrawn, in the cabinet
    const token = await subjectLogin(t, subject.email);
    await t
      .http()
      .post('/api/v1/me/consents')
      .set(bearer(token))
      .send({ purpose: 'CROSS_BORDER_TRANSFER', policyVersionId: billing.policyVersionId })
      .expect(201);
    await t
      .http()
      .delete('/api/v1/me/consents/CROSS_BORDER_TRANSFER')
      .set(bearer(token))
      .expect(200);
    // subject.verification_failed
    const party = await createParty(t, billing.officerToken, partyBody(t));
    await t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(billing.clientToken))
      .send({
        subjectId: subject.id,
        thirdPartyId: party.id,
        categories: ['IDENTITY'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        lawReference: null,
        verification: { result: 'FAILED', fieldsChecked: ['surname'] },
      })
      .expect(201);
    // subject.blocked, subject.unblocked, subject.depersonalized: the subject's requests
    const handler = await handlingOfficer(t);
    for (const type of ['BLOCKING', 'UNBLOCKING', 'DELETION']) {
      const done = await fileAndComplete(t, token, handler.token, {
        type,
        details: 'Обработка без основания',
      });
      expect(done.status).toBe(200);
    }

    await drain();
    const events = receiver.received.map((each) => each.event);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(WEBHOOK_EVENTS));
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    for (const each of receiver.received) {
      const header = each.headers['x-pd-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(each.raw, header, secret).ok).toBe(true);
      expect(verifySignature(each.raw, header, 'whsec_wrong').ok).toBe(false);
    }
    const text = receiver.received.map((each) => each.raw).join('\n');
    for (const value of ['email', 'phone', 'iin', 'surname', 'givenName', 'iban', 'cardNumber']) {
      expect(text).not.toContain(String(subject.body[value]));
    }
    expect(events.find((event) => event.type === 'contract.state_changed')?.data).toMatchObject({
      subjectId: subject.id,
      state: 'OBLIGATIONS_FULFILLED',
    });
    const deliveries = await deliveriesOf(id);
    expect(deliveries).toHaveLength(events.length);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
    }
    // Settled: another pass sends nothing again.
    const count = receiver.received.length;
    t.clock.advance(24 * HOUR);
    await drain();
    expect(receiver.received).toHaveLength(count);
    t.clock.reset();
    await renewBilling(t, billing);
    admin = await adminLogin(t);
    await t.http().delete(`/api/v1/webhooks/${id}`).set(bearer(admin)).expect(204);
  });

  it('retries a receiver that fails three times and delivers on the fourth attempt', async () => {
    const created = await register(receiver.url, ['policy.published']);
    const { id, secret } = created.body as { id: string; secret: string };
    receiver.received.length = 0;
    receiver.answer([500, 503, 404]);
    await publishPolicy(t, billing.officerToken, {
      effectiveAt: new Date(t.clock.now().getTime() + 365 * 24 * HOUR).toISOString(),
    });
    for (const [attempt, status] of [
      [1, 500],
      [2, 503],
      [3, 404],
    ]) {
      await drain();
      const [delivery] = await deliveriesOf(id);
      expect(delivery).toMatchObject({
        status: 'PENDING',
        attempts: attempt,
        lastStatusCode: status,
      });
      // Not due again before its backoff (60 s, doubling) has passed.
      await drain();
      expect(receiver.received).toHaveLength(attempt);
      t.clock.advance(HOUR);
    }
    await drain();
    const [delivered] = await deliveriesOf(id);
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 4, lastStatusCode: 200 });
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((each) => each.event.id)).size).toBe(1);
    // Each attempt is signed anew, at its own time (the test clock moved between them).
    for (const each of receiver.received) {
      const header = each.headers['x-pd-signature'] as string;
      const signedAt = Number(/t=(\d+)/.exec(header)![1]);
      expect(verifySignature(each.raw, header, secret, { now: signedAt }).ok).toBe(true);
      // Replayed more than five minutes later, the client's check refuses it.
      expect(verifySignature(each.raw, header, secret, { now: signedAt + 301 })).toEqual({
        ok: false,
        reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
      });
    }
    const times = receiver.received.map(
      (each) => /t=(\d+)/.exec(each.headers['x-pd-signature'] as string)![1],
    );
    expect(new Set(times).size).toBe(4);
    t.clock.reset();
    await renewBilling(t, billing);
    admin = await adminLogin(t);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS, and an administrator’s redelivery sends it again', async () => {
    const created = await register(receiver.url, ['policy.published']);
    const { id } = created.body as { id: string };
    receiver.received.length = 0;
    receiver.answer([500, 500, 500, 500]);
    await publishPolicy(t, billing.officerToken, {
      effectiveAt: new Date(t.clock.now().getTime() + 365 * 24 * HOUR).toISOString(),
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      await drain();
      t.clock.advance(HOUR);
    }
    const [failed] = await deliveriesOf(id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 4, lastStatusCode: 500 });
    expect(receiver.received).toHaveLength(4);
    t.clock.reset();
    admin = await adminLogin(t);
    await renewBilling(t, billing);
    const again = await t
      .http()
      .post(`/api/v1/webhooks/${id}/deliveries/${failed.id as string}/redeliver`)
      .set(bearer(admin));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'PENDING', attempts: 0 });
    await drain();
    const [delivered] = await deliveriesOf(id);
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
  });

  it('lets only an administrator manage webhooks', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    for (const token of [operator.token, billing.clientToken, billing.officerToken]) {
      const response = await t
        .http()
        .post('/api/v1/webhooks')
        .set(bearer(token))
        .send({ clientId: billing.clientId, url: receiver.url, events: ['policy.published'] });
      expect([401, 403]).toContain(response.status);
    }
  });
});
