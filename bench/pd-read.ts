/**
 * Issue 4's figure: a staff PD read by id (the access rule's five conditions, decryption,
 * the audit entry and the detection rules) beside the bare endpoint (one primary-key
 * read and one insert) on the same MariaDB database, 32 connections, in the same run.
 * Target: the guarded read reaches at least half the bare endpoint's requests/s.
 *
 * Detection stays on at its production limits, so a caller pool stands in for the staff:
 * BENCH_OPERATORS operators (default 300), each with an order on every record category
 * and the pledge signed, take turns; none reads more than DETECT_READ_LIMIT (200)
 * distinct subjects in the run, as no real operator would.
 *
 *   npm run build && npx ts-node --transpile-only bench/pd-read.ts
 */
import 'reflect-metadata';
import { compare, type Prepared, prepare } from './compare';
import { call, enrol } from './server';

const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 300);
const PASSWORD = 'velvet-harbor-quartz-91';

async function operator(bench: Prepared, index: number): Promise<string> {
  const url = bench.server.url;
  const email = `operator-${index}@pd.test`;
  const { id } = await call<{ id: string }>(url, 'POST', '/staff', bench.admin, {
    email,
    fullName: `Operator ${index}`,
    roles: ['OPERATOR'],
  });
  const now = Date.now();
  await call(url, 'POST', '/access-orders', bench.officer, {
    employeeId: id,
    number: `PD-${index}`,
    issuedOn: new Date(now).toISOString().slice(0, 10),
    basis: 'Приказ о допуске',
    categories: ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT'],
    operations: ['READ'],
    purposes: ['CONTRACT'],
    validFrom: new Date(now - 60_000).toISOString(),
    validUntil: new Date(now + 86_400_000).toISOString(),
  });
  const accessToken = await enrol(bench.server, id, PASSWORD);
  await call(url, 'POST', '/staff/me/pledges', accessToken, { fullName: `Operator ${index}` });
  return accessToken;
}

async function main(): Promise<void> {
  const bench = await prepare(undefined, {
    ACCESS_ORDER_CAP_PER_CATEGORY: String(OPERATORS + 10),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    ...(process.env.BENCH_AUDIT_LANES ? { AUDIT_LANES: process.env.BENCH_AUDIT_LANES } : {}),
  });
  try {
    await call(bench.server.url, 'POST', '/pledge-versions', bench.officer, {
      text: 'Обязательство',
    });
    const tokens: string[] = [];
    for (let index = 0; index < OPERATORS; index++) tokens.push(await operator(bench, index));
    let turn = 0;
    await compare(
      [
        {
          name: 'bare: PK read + insert',
          url: bench.bareUrl,
          pid: bench.barePid,
          path: () => `/bare/subjects/${bench.randomSubject()}`,
        },
        {
          name: 'GET /subjects/:id (staff, guarded, audited)',
          url: bench.server.url,
          pid: bench.server.pid,
          path: () => `/api/v1/subjects/${bench.randomSubject()}`,
          headers: { 'x-access-purpose': 'CONTRACT' },
          nextHeaders: () => ({ authorization: `Bearer ${tokens[turn++ % tokens.length]}` }),
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
