import { verifySignature } from '../../src/webhooks/signature';
import { adminLogin, bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { type Instance, spawnInstance } from '../support/instance';
import { type Billing, publishPolicy, setUpBilling } from '../support/subjects';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

const EVENTS = 30;
const YEAR = 365 * 86_400_000;

describe('Each event delivered once with two instances delivering (issue 14 §4, running at scale)', () => {
  let t: TestApp;
  let billing: Billing;
  let receiver: Receiver;
  const instances: Instance[] = [];
  const allow = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' };

  beforeAll(async () => {
    receiver = await startReceiver();
    // This process only queues; the two instances deliver.
    t = await startApp({ env: { ...allow, WEBHOOK_POLL_MS: '600000' } });
    billing = await setUpBilling(t);
    const env = { ...t.env, ...allow, WEBHOOK_POLL_MS: '50', LOG_LEVEL: 'debug' };
    instances.push(await spawnInstance(env));
    instances.push(await spawnInstance(env));
    // Two instance starts one after the other: up to a minute each on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await t.close();
    await receiver.close();
  });

  it('sends every event once, signed, while both instances poll', async () => {
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(await adminLogin(t)))
      .send({ clientId: billing.clientId, url: receiver.url, events: ['policy.published'] });
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    for (let i = 0; i < EVENTS; i++) {
      await publishPolicy(t, billing.officerToken, {
        effectiveAt: new Date(t.clock.now().getTime() + YEAR).toISOString(),
      });
    }
    const rows = await eventually(
      async () => {
        const current: Array<{ status: string; attempts: number }> = await t.db.query(
          'SELECT status, attempts FROM webhook_deliveries WHERE endpointId = ?',
          [id],
        );
        return (
          current.length === EVENTS && current.every((row) => row.status === 'DELIVERED') && current
        );
      },
      'every event to be delivered',
      60_000,
    );
    expect(rows.every((row) => Number(row.attempts) === 1)).toBe(true);
    expect(receiver.received).toHaveLength(EVENTS);
    expect(new Set(receiver.received.map((each) => each.event.id)).size).toBe(EVENTS);
    for (const each of receiver.received) {
      expect(verifySignature(each.raw, each.headers['x-pd-signature'] as string, secret).ok).toBe(
        true,
      );
    }
    const delivered = (instance: Instance) =>
      (instance.output().match(/"msg":"webhook delivered"/g) ?? []).length;
    // Each instance's log reaches this process through a pipe, a moment after its delivery.
    await eventually(
      () => delivered(instances[0]) + delivered(instances[1]) >= EVENTS,
      'every delivery in the instances’ logs',
      30_000,
    );
    expect(delivered(instances[0]) + delivered(instances[1])).toBe(EVENTS);
    for (const instance of instances) expect(instance.output()).not.toMatch(/"level":(50|60)/);
  });
});
