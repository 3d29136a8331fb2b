import dns from 'node:dns/promises';
import { WebhookWorker } from '../../src/webhooks/webhook-worker';
import { adminLogin, bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, publishPolicy, setUpBilling } from '../support/subjects';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

const YEAR = 365 * 86_400_000;

/** With the production defaults: https only, no private targets (WEBHOOK_ALLOW_* unset). */
describe('A webhook cannot be turned against the internal network (issue 14 §4, SSRF)', () => {
  let t: TestApp;
  let billing: Billing;
  let admin: string;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startApp({ env: { WEBHOOK_POLL_MS: '600000' } });
    billing = await setUpBilling(t);
    admin = await adminLogin(t);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  afterEach(() => jest.restoreAllMocks());

  const register = (url: string) =>
    t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ clientId: billing.clientId, url, events: ['policy.published'] });

  it.each([
    ['plain http', 'http://billing.fingram.kz/hooks'],
    ['loopback', 'https://127.0.0.1/hooks'],
    ['loopback, another spelling', 'https://127.1.2.3:8443/hooks'],
    ['IPv6 loopback', 'https://[::1]/hooks'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hooks'],
    ['private', 'https://10.0.0.5/hooks'],
    ['private 192.168', 'https://192.168.1.10/hooks'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data'],
    ['unique local IPv6', 'https://[fd00::1]/hooks'],
    ['localhost', 'https://localhost/hooks'],
    ['a single-label name', 'https://intranet/hooks'],
    ['credentials', 'https://user:secret@billing.fingram.kz/hooks'],
    ['not a URL', 'billing.fingram.kz/hooks'],
  ])('refuses a %s target at registration, without repeating it', async (_, url) => {
    const response = await register(url);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details[0].field).toBe('url');
    expect(JSON.stringify(response.body)).not.toContain(url);
  });

  it('checks the resolved addresses again at delivery: a name that now resolves to loopback gets nothing', async () => {
    // Registered while it looked public; by delivery time its DNS answers 127.0.0.1 (rebinding).
    const created = await register('https://hooks.billing.example/pd');
    expect(created.status).toBe(201);
    const lookup = jest.spyOn(dns, 'lookup').mockResolvedValue([
      // Loopback first: even a guard that failed open would reach nothing outside.
      { address: '127.0.0.1', family: 4 },
      { address: '203.0.114.9', family: 4 },
    ] as never);
    await publishPolicy(t, billing.officerToken, {
      effectiveAt: new Date(t.clock.now().getTime() + YEAR).toISOString(),
    });
    await t.app.get(WebhookWorker).tick();
    expect(lookup).toHaveBeenCalled();
    const deliveries = await t
      .http()
      .get(`/api/v1/webhooks/${created.body.id as string}/deliveries`)
      .set(bearer(admin));
    expect(deliveries.body.items[0]).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      lastError: 'PRIVATE_ADDRESS',
      lastStatusCode: null,
    });
    expect(receiver.received).toHaveLength(0);
  });
});
