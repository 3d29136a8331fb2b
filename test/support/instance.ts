import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Instance {
  url: string;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** `kill -9`: no shutdown of any kind; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a process frozen in place (a long GC, a suspended VM), then thawed. */
  pause(): void;
  resume(): void;
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function startProcess(
  env: Record<string, string>,
  script = 'src/main.ts',
  args: string[] = [],
): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `src/main.ts` as its own process and waits for it to exit (for start-up failures). */
export function runMain(env: Record<string, string>, timeoutMs = 30_000): Promise<Exit> {
  return runToExit(startProcess(env), 'main', timeoutMs);
}

/** Runs an operator command (`src/cli.ts <args>`) as its own process and waits for its exit. */
export function runCli(
  env: Record<string, string>,
  args: string[],
  timeoutMs = 60_000,
): Promise<Exit> {
  return runToExit(
    startProcess({ ...env, LOG_LEVEL: 'error' }, 'src/cli.ts', args),
    `cli ${args.join(' ')}`,
    timeoutMs,
  );
}

/**
 * `npm run typeorm -- <args>` as its own process (the TypeORM CLI on ormconfig.ts), with
 * ts-node transpiling only, as the instances above do: the type check is typecheck's job.
 */
export function runTypeorm(
  env: Record<string, string>,
  args: string[],
  timeoutMs = 60_000,
): Promise<Exit> {
  return runToExit(
    startProcess(env, 'node_modules/typeorm/cli.js', ['-d', 'ormconfig.ts', ...args]),
    `typeorm ${args.join(' ')}`,
    timeoutMs,
  );
}

function runToExit(child: ChildProcess, what: string, timeoutMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not exit within ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    // 'close', not 'exit': it comes once the output pipes are drained too.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Another instance of the service, a real second process on the same database and keys,
 * for the rules that must hold "whatever instance serves it". With `migrate` it applies
 * pending migrations at start, as a production instance does.
 */
export async function spawnInstance(
  env: Record<string, string>,
  options: { migrate?: boolean } = {},
): Promise<Instance> {
  const port = await freePort();
  const child = startProcess({
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port),
    // The test's own app has migrated the database, unless this instance is to do it.
    DB_MIGRATIONS_RUN: options.migrate ? 'true' : 'false',
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.on('exit', (code, signal) => {
          // A graceful stop exits 0; one ended by a signal (a crash, a second SIGTERM)
          // resolves null, so say which signal and what the instance last said.
          if (code === null) console.warn(`instance ended by ${signal}:\n${output.slice(-4000)}`);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}
