/**
 * Issue 7's figure: the Billing's transfer check (`GET /transfers/check`) beside the bare
 * endpoint, on random seeded subjects (each with PD_PROCESSING given), to a domestic
 * VERIFIER on basis CONSENT: every rule runs and the answer is `allowed: true`. The
 * consent check runs in the same rounds, so the two share the machine's conditions.
 *
 *   npm run build && npx ts-node --transpile-only bench/transfer-check.ts
 */
import 'reflect-metadata';
import { legalDay } from '../src/third-parties/legal-day';
import { compare, prepare } from './compare';
import { call, clientToken } from './server';

const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const bench = await prepare();
  try {
    const party = await call<{ id: string }>(
      bench.server.url,
      'POST',
      '/third-parties',
      bench.officer,
      {
        name: 'ТОО «Проверка»',
        bin: '050440000121',
        registrationNumber: null,
        country: 'KZ',
        role: 'VERIFIER',
        agreement: {
          number: 'NDA-7',
          signedOn: legalDay(new Date(Date.now() - 30 * DAY_MS)),
          validUntil: legalDay(new Date(Date.now() + 365 * DAY_MS)),
          confidentiality: true,
        },
        categories: ['IDENTITY', 'ID_DOCUMENT'],
      },
    );
    const token = await clientToken(bench.server.url, bench.admin, [
      'transfers:read',
      'consents:read',
    ]);
    const query = `thirdPartyId=${party.id}&categories=IDENTITY,ID_DOCUMENT&purpose=IDENTIFICATION&legalBasis=CONSENT`;
    await compare(
      [
        {
          name: 'bare: PK read + insert',
          url: bench.bareUrl,
          pid: bench.barePid,
          path: () => `/bare/subjects/${bench.randomSubject()}`,
        },
        {
          name: 'GET /subjects/:id/consents/check (issue 5, for scale)',
          url: bench.server.url,
          pid: bench.server.pid,
          path: () =>
            `/api/v1/subjects/${bench.randomSubject()}/consents/check?purpose=PD_PROCESSING`,
          headers: { authorization: `Bearer ${token}` },
        },
        {
          name: 'GET /transfers/check (domestic, CONSENT)',
          url: bench.server.url,
          pid: bench.server.pid,
          path: () => `/api/v1/transfers/check?subjectId=${bench.randomSubject()}&${query}`,
          headers: { authorization: `Bearer ${token}` },
        },
      ],
      undefined,
      bench.database,
    );
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
