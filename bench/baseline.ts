/**
 * What the framework alone costs: the bare endpoint beside the service's public health
 * route (Nest, Fastify, validation, the access guard, request logging, one database ping).
 *
 *   npm run build && npx ts-node --transpile-only bench/baseline.ts
 */
import 'reflect-metadata';
import { compare, prepare } from './compare';

async function main(): Promise<void> {
  const bench = await prepare(Number(process.env.BENCH_SUBJECTS ?? 10_000));
  try {
    await compare([
      {
        name: 'bare: PK read + insert',
        url: bench.bareUrl,
        pid: bench.barePid,
        path: () => `/bare/subjects/${bench.randomSubject()}`,
      },
      { name: 'service: GET /api/v1/health', url: bench.server.url, path: () => '/api/v1/health' },
    ]);
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
