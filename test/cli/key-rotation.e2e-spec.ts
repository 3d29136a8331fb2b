import { randomBytes, randomUUID } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditAction } from '../../src/audit/audit-actions';
import { verifySignature } from '../../src/webhooks/signature';
import { WebhookWorker } from '../../src/webhooks/webhook-worker';
import { adminLogin, bearer } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { runCli } from '../support/instance';
import { type Billing, renewBilling, setUpBilling, subjectBody } from '../support/subjects';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

const key = (): string => randomBytes(32).toString('base64');

/*
 * `keys:rotate` moves everything sealed under a master key, not only subjects' data keys:
 * webhook signing secrets and stored idempotent answers are sealed under the master key
 * directly, and must still open once the old key is retired (P11.4).
 */
describe(`Master-key rotation covers everything sealed (${driver})`, () => {
  let t: TestApp;
  let billing: Billing;
  let receiver: Receiver;
  const k1 = `k1:${key()}`;
  const k2 = `k2:${key()}`;
  const k3 = `k3:${key()}`;
  const webhookEnv = {
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // The test drives the worker itself (tick).
    WEBHOOK_POLL_MS: '600000',
  };

  beforeAll(async () => {
    t = await startApp({ env: { ...webhookEnv, MASTER_KEYS: k1 } });
    billing = await setUpBilling(t);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const drain = async () => {
    while ((await t.app.get(WebhookWorker).tick()) > 0);
  };
  const register = (body: Record<string, unknown>, idempotencyKey: string) =>
    t
      .http()
      .post('/api/v1/subjects')
      .set(bearer(billing.clientToken))
      .set('Idempotency-Key', idempotencyKey)
      .send(body);
  const reportContract = (subjectId: string) =>
    t
      .http()
      .put(`/api/v1/subjects/${subjectId}/contract`)
      .set(bearer(billing.clientToken))
      .send({ state: 'OBLIGATIONS_FULFILLED', at: t.clock.now().toISOString() });
  const signedWith = (secret: string) =>
    receiver.received.map(({ raw, headers }) => {
      const header = headers['x-pd-signature'] as string | undefined;
      const now = Math.floor(t.clock.now().getTime() / 1000);
      return verifySignature(raw, header, secret, { now }).ok;
    });

  it('re-seals webhook secrets and idempotent answers onto the new key: after the old one is retired, the webhook still signs and the retry still replays (P11.4)', async () => {
    const admin = await adminLogin(t);
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ clientId: billing.clientId, url: receiver.url, events: ['contract.state_changed'] });
    expect(created.status).toBe(201);
    const { id: webhookId, secret } = created.body as { id: string; secret: string };
    const body = subjectBody(billing.policyVersionId);
    const idempotencyKey = randomUUID();
    const first = await register(body, idempotencyKey);
    expect(first.status).toBe(201);
    const sealedUnder = async () => ({
      webhooks: await t.db.query('SELECT DISTINCT masterKeyId FROM webhook_endpoints'),
      answers: await t.db.query(
        'SELECT DISTINCT masterKeyId FROM idempotency_keys WHERE responseSealed IS NOT NULL',
      ),
    });
    expect(await sealedUnder()).toEqual({
      webhooks: [{ masterKeyId: 'k1' }],
      answers: [{ masterKeyId: 'k1' }],
    });

    // The procedure: every instance gets both keys (the new one current), then keys:rotate.
    t = await t.restart({ MASTER_KEYS: `${k1},${k2}` });
    const rotation = await runCli({ ...t.env, MASTER_KEYS: `${k1},${k2}` }, [
      'keys:rotate',
      '--json',
    ]);
    expect(rotation.code).toBe(0);
    const result = JSON.parse(rotation.stdout.trim().split('\n').at(-1)!);
    expect(result).toEqual({
      current: 'k2',
      rewrapped: expect.any(Number),
      resealed: {
        webhookSecrets: { resealed: 1, unreadable: 0 },
        idempotentAnswers: { resealed: 1, unreadable: 0 },
      },
    });
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    expect(await sealedUnder()).toEqual({
      webhooks: [{ masterKeyId: 'k2' }],
      answers: [{ masterKeyId: 'k2' }],
    });
    const [entry] = await t.db
      .getRepository(AuditEntry)
      .findBy({ action: AuditAction.KEYS_ROTATE });
    expect(entry.reason).toBe(
      `${result.rewrapped} data keys re-wrapped, 1 webhook secrets and 1 idempotent answers re-sealed onto k2`,
    );
    // Run again (after an interruption, say): nothing is left to move.
    const again = await runCli({ ...t.env, MASTER_KEYS: `${k1},${k2}` }, ['keys:rotate', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toEqual({
      current: 'k2',
      rewrapped: 0,
      resealed: {
        webhookSecrets: { resealed: 0, unreadable: 0 },
        idempotentAnswers: { resealed: 0, unreadable: 0 },
      },
    });

    // The old key retired: only k2 on the instance.
    t = await t.restart({ MASTER_KEYS: k2 });
    await renewBilling(t, billing);
    const retried = await register(body, idempotencyKey);
    expect(retried.status).toBe(first.status);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers['idempotent-replayed']).toBe('true');

    expect((await reportContract(first.body.id as string)).status).toBe(200);
    await drain();
    expect(receiver.received.map(({ event }) => event.type)).toEqual(['contract.state_changed']);
    expect(signedWith(secret)).toEqual([true]);
    const deliveries = await t
      .http()
      .get(`/api/v1/webhooks/${webhookId}/deliveries`)
      .set(bearer(await adminLogin(t)));
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({ status: 'DELIVERED', lastStatusCode: 200 }),
    ]);
  }, 180_000);

  it('exits 1 and keeps a value it cannot open as it is, so the old key is not retired too soon (P11.4)', async () => {
    // A secret sealed under k3, which the rotation below is not given.
    t = await t.restart({ MASTER_KEYS: `${k2},${k3}` });
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(await adminLogin(t)))
      .send({ clientId: billing.clientId, url: receiver.url, events: ['policy.published'] });
    expect(created.status).toBe(201);
    const k4 = `k4:${key()}`;
    const rotation = await runCli({ ...t.env, MASTER_KEYS: `${k2},${k4}` }, [
      'keys:rotate',
      '--json',
    ]);
    expect(rotation.code).toBe(1);
    const result = JSON.parse(rotation.stdout.trim().split('\n').at(-1)!);
    expect(result.resealed.webhookSecrets).toEqual({ resealed: 1, unreadable: 1 });
    expect(rotation.stderr).toContain('could not be opened');
    const rows: Array<{ id: string; masterKeyId: string }> = await t.db.query(
      'SELECT id, masterKeyId FROM webhook_endpoints',
    );
    expect(rows.find((row) => row.id === created.body.id)?.masterKeyId).toBe('k3');
  }, 180_000);

  it('issues a new signing secret for a webhook, shown once: deliveries are then signed with it, never the old one, and the change is audited', async () => {
    t = await t.restart({ MASTER_KEYS: `${k2},${k3}` });
    await t.db.query('DELETE FROM webhook_deliveries');
    await t.db.query('DELETE FROM webhook_endpoints');
    await renewBilling(t, billing);
    const admin = await adminLogin(t);
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ clientId: billing.clientId, url: receiver.url, events: ['contract.state_changed'] });
    const { id, secret: old } = created.body as { id: string; secret: string };
    const rotated = await t.http().post(`/api/v1/webhooks/${id}/secret`).set(bearer(admin)).send();
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ id, secret: expect.stringMatching(/^whsec_/) });
    expect(rotated.body.secret).not.toBe(old);
    const read = await t.http().get(`/api/v1/webhooks/${id}`).set(bearer(admin));
    expect(JSON.stringify(read.body)).not.toContain(rotated.body.secret);
    const entries = await t.db.getRepository(AuditEntry).findBy({
      action: AuditAction.WEBHOOK_SECRET_ROTATE,
      targetId: id,
    });
    expect(entries).toHaveLength(1);

    receiver.received.length = 0;
    const subject = await register(subjectBody(billing.policyVersionId), randomUUID());
    expect((await reportContract(subject.body.id as string)).status).toBe(200);
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect(signedWith(rotated.body.secret as string)).toEqual([true]);
    expect(signedWith(old)).toEqual([false]);

    const missing = await t
      .http()
      .post(`/api/v1/webhooks/${randomUUID()}/secret`)
      .set(bearer(admin))
      .send();
    expect(missing.status).toBe(404);
    const asClient = await t
      .http()
      .post(`/api/v1/webhooks/${id}/secret`)
      .set(bearer(billing.clientToken))
      .send();
    expect(asClient.status).toBe(401);
  }, 120_000);
});
