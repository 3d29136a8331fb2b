import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { createScratchDatabase } from '../test/support/databases';
import { cpuSeconds, databasePid } from './cpu';
import { seedSubjects, type Seeded } from './seed';
import { type BenchServer, setUpOffice, startServer } from './server';
import { statementsPerRequest } from './statements';

export interface Target {
  name: string;
  /** Base URL of the server. */
  url: string;
  /** The path of the next request (e.g. a random subject's). */
  path: () => string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Headers of the next request, when they vary (e.g. a pool of callers' tokens). */
  nextHeaders?: () => Record<string, string>;
  /** The process serving it, whose CPU time per request is shown beside its rate. */
  pid?: number;
}

export interface Prepared {
  server: BenchServer;
  /** The scratch database's name, whose connections the statement count watches. */
  database: string;
  bareUrl: string;
  barePid: number;
  seeded: Seeded;
  admin: string;
  officer: string;
  policyVersionId: string;
  randomSubject(): string;
  stop(): Promise<void>;
}

/**
 * The common set-up of every comparison: a scratch MariaDB database, the built service
 * on it (run `npm run build` first), an administrator and a compliance officer, a policy
 * version in force, `subjects` seeded subjects, and the bare endpoint on the same database.
 */
export async function prepare(
  subjects = Number(process.env.BENCH_SUBJECTS ?? 100_000),
  serverEnv: Record<string, string> = {},
): Promise<Prepared> {
  const scratch = await createScratchDatabase('mysql', 'bench');
  const port = Number(process.env.BENCH_PORT ?? 3900);
  const server = await startServer(serverEnv, port, scratch);
  const { admin, officer, policyVersionId } = await setUpOffice(server);
  const started = Date.now();
  const seeded = await seedSubjects(scratch.db, loadConfig(server.env), subjects, policyVersionId);
  console.log(
    `seeded ${seeded.ids.length} subjects in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const bare = await startBare(server.env, port + 1);
  return {
    server,
    database: (scratch.db as { database: string }).database,
    bareUrl: `http://127.0.0.1:${port + 1}`,
    barePid: bare.pid!,
    seeded,
    admin,
    officer,
    policyVersionId,
    randomSubject: () => seeded.ids[Math.floor(Math.random() * seeded.ids.length)],
    stop: async () => {
      bare.kill('SIGTERM');
      await server.stop();
    },
  };
}

async function startBare(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-server.ts')],
    {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/bare/subjects/none`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('bare endpoint did not start');
}

interface Run {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per request in the target's process and in the database server, if known. */
  cpu?: number;
  dbCpu?: number;
}

async function run(target: Target, seconds: number, connections: number): Promise<Run> {
  const db = databasePid();
  const before = { own: target.pid && cpuSeconds(target.pid), db: db && cpuSeconds(db) };
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    method: target.method ?? 'GET',
    headers: target.headers,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          path: target.path(),
          ...(target.nextHeaders
            ? { headers: { ...request.headers, ...target.nextHeaders() } }
            : {}),
        }),
      },
    ],
  });
  const perRequest = (pid: number | undefined, start: number | undefined) =>
    pid && start !== undefined
      ? ((cpuSeconds(pid) - start) * 1000) / result.requests.total
      : undefined;
  return {
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    cpu: perRequest(target.pid, before.own),
    dbCpu: perRequest(db, before.db),
  };
}

/** The mean CPU ms per request over the rounds, in the process and in MariaDB ('–' if unknown). */
function cpuShown(results: Run[]): string {
  const shown = (values: Array<number | undefined>) => {
    const known = values.filter((value): value is number => value !== undefined);
    if (known.length < values.length) return '–';
    return (known.reduce((a, b) => a + b, 0) / known.length).toFixed(2);
  };
  return `${shown(results.map((r) => r.cpu))}, ${shown(results.map((r) => r.dbCpu))}`;
}

/**
 * Runs the targets in turn, in the same run and on the same data: a warm-up each, then
 * `rounds` alternating rounds so drift (buffer pool, other load) hits all of them alike.
 * The first target is the yardstick; each other's requests/s is shown as a share of it.
 */
export async function compare(
  targets: Target[],
  options = { seconds: 15, rounds: 2, connections: 32 },
  database?: string,
): Promise<void> {
  for (const target of targets) await run(target, 3, options.connections);
  const runs = new Map<string, Run[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const target of targets)
      runs.get(target.name)!.push(await run(target, options.seconds, options.connections));
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const base = mean(runs.get(targets[0].name)!.map((r) => r.requests));
  console.log(
    `\n${options.connections} connections, ${options.rounds} rounds of ${options.seconds} s each:`,
  );
  console.log(
    '| endpoint | requests/s (per round) | mean | p50 ms | p99 ms | share of first | non-2xx | CPU ms/request: process, MariaDB |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const target of targets) {
    const results = runs.get(target.name)!;
    const rps = mean(results.map((r) => r.requests));
    console.log(
      `| ${target.name} | ${results.map((r) => r.requests.toFixed(0)).join(', ')} | ${rps.toFixed(0)} | ${mean(results.map((r) => r.p50)).toFixed(1)} | ${mean(results.map((r) => r.p99)).toFixed(1)} | ${((rps / base) * 100).toFixed(0)}% | ${results.reduce((a, r) => a + r.errors, 0)} | ${cpuShown(results)} |`,
    );
  }
  if (!database) return;
  console.log(
    '\nStatements sent to MariaDB per request, 100 requests one at a time (general log):',
  );
  for (const target of targets) {
    const counted = await statementsPerRequest(target, database);
    const kinds = counted.kinds.map(([kind, n]) => `${kind} ${n.toFixed(2)}`).join('; ');
    console.log(
      `- ${target.name}: ${counted.perRequest.toFixed(2)} (${kinds}); inside triggers ${counted.inTriggers.toFixed(2)}`,
    );
  }
}
