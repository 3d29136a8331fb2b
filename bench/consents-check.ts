/**
 * Issue 5's figure: the Billing's consent check beside the bare endpoint. The target is
 * at least 60% of the bare endpoint's requests/s.
 *
 *   npm run build && npx ts-node --transpile-only bench/consents-check.ts
 */
import 'reflect-metadata';
import { compare, prepare } from './compare';
import { clientToken } from './server';

async function main(): Promise<void> {
  const bench = await prepare();
  try {
    const token = await clientToken(bench.server.url, bench.admin, ['consents:read']);
    await compare([
      {
        name: 'bare: PK read + insert',
        url: bench.bareUrl,
        pid: bench.barePid,
        path: () => `/bare/subjects/${bench.randomSubject()}`,
      },
      {
        name: 'GET /subjects/:id/consents/check?purpose=PD_PROCESSING',
        url: bench.server.url,
        pid: bench.server.pid,
        path: () =>
          `/api/v1/subjects/${bench.randomSubject()}/consents/check?purpose=PD_PROCESSING`,
        headers: { authorization: `Bearer ${token}` },
      },
    ]);
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
