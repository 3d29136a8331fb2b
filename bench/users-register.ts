/**
 * Issue 3's figures, on MariaDB: the time to register 10,000 subjects through
 * POST /api/v1/subjects (32 connections), and the time to find one by IIN among them.
 *
 *   npm run build && npx ts-node --transpile-only bench/users-register.ts
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeyedHash } from '../src/crypto/keyed-hash';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source';
import { Subject } from '../src/subjects/subject.entity';
import { uniqueIin } from '../test/support/subjects';
import { clientToken, setUpOffice, startServer } from './server';

const TOTAL = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const CONNECTIONS = 32;

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const office = await setUpOffice(server);
    const billing = await clientToken(server.url, office.admin, ['subjects:write']);

    const iins: string[] = [];
    let sequence = 0;
    const body = () => {
      const n = sequence++;
      let iin = uniqueIin();
      while (iins.includes(iin)) iin = uniqueIin();
      iins.push(iin);
      return JSON.stringify({
        surname: 'Ахметова',
        givenName: 'Айгерим',
        email: `bench-${n}@example.kz`,
        phone: `+7701${String(n).padStart(7, '0')}`,
        iin,
        iban: 'KZ86125KZT5004100100',
        cardNumber: '4111111111111111',
        bankName: 'Halyk Bank',
        policyVersionId: office.policyVersionId,
        consent: { ip: '203.0.113.7', userAgent: 'bench', channel: 'WEB' },
      });
    };
    const started = Date.now();
    const result = await autocannon({
      url: `${server.url}/api/v1/subjects`,
      method: 'POST',
      connections: CONNECTIONS,
      amount: TOTAL,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${billing}` },
      requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    });
    const seconds = (Date.now() - started) / 1000;
    const ok = result['2xx'];
    console.log(
      `registered ${ok}/${TOTAL} subjects in ${seconds.toFixed(1)} s: ${(ok / seconds).toFixed(0)} registrations/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (non-2xx: ${result.non2xx})`,
    );

    // Find by IIN: the blind-index lookup the service does (HMAC of the normalised IIN, one indexed read).
    const config = loadConfig(server.env);
    const dataSource = await new DataSource(
      dataSourceOptions({ ...server.scratch.db }),
    ).initialize();
    const hash = new KeyedHash(config);
    const lookups = 1000;
    const t0 = process.hrtime.bigint();
    let found = 0;
    for (let i = 0; i < lookups; i++) {
      const iin = iins[randomInt(0, iins.length)];
      const row = await dataSource
        .getRepository(Subject)
        .findOne({ where: { iinIndex: hash.digest('subject:iin', iin) }, select: { id: true } });
      if (row) found++;
    }
    const perLookupMs = Number(process.hrtime.bigint() - t0) / 1e6 / lookups;
    console.log(
      `found ${found}/${lookups} subjects by IIN among ${ok}: ${perLookupMs.toFixed(3)} ms per lookup`,
    );
    await dataSource.destroy();
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
