import { randomUUID } from 'node:crypto';
import { startApp, type TestApp } from '../support/app';
import { type Instance, spawnInstance } from '../support/instance';
import { type Billing, setUpBilling } from '../support/subjects';

const ROUNDS = 8;

describe('One Idempotency-Key, two instances at once (issue 14 §3, running at scale)', () => {
  let t: TestApp;
  let billing: Billing;
  const instances: Instance[] = [];

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    // One after the other: two ts-node starts at once can outlast the start timeout on a busy machine.
    instances.push(await spawnInstance(t.env));
    instances.push(await spawnInstance(t.env));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await t.close();
  });

  const visit = (instance: Instance, key: string, page: string) =>
    fetch(`${instance.url}/api/v1/visits`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${billing.clientToken}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({
        ip: '203.0.113.7',
        cookieId: 'cookie-1',
        userAgent: 'Mozilla/5.0',
        at: '2026-11-30T10:00:00.000Z',
        pageUrl: page,
      }),
    }).then(async (response) => ({
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as { id?: string; code?: string },
    }));

  it('does the work once when both instances receive the same key at the same moment', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = randomUUID();
      const page = `https://fingram.kz/race/${round}-${randomUUID().slice(0, 8)}`;
      const answers = await Promise.all(instances.map((instance) => visit(instance, key, page)));
      const done = answers.filter((answer) => answer.status === 201);
      expect(done.length).toBeGreaterThanOrEqual(1);
      for (const answer of answers.filter((each) => each.status !== 201)) {
        expect(answer).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_IN_PROGRESS' } });
      }
      // Two 201s: the second was the first one's stored answer, replayed.
      expect(new Set(done.map((answer) => answer.body.id)).size).toBe(1);
      const [rows] = await t.db.query('SELECT COUNT(*) AS n FROM visits WHERE pageUrl = ?', [page]);
      expect(Number(rows.n)).toBe(1);
      // Whichever instance the retry reaches, it gets the first answer.
      for (const instance of instances) {
        const retry = await visit(instance, key, page);
        expect(retry).toMatchObject({ status: 201, replayed: 'true', body: done[0].body });
      }
    }
  });
});
