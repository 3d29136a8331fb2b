import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { startApp, type TestApp } from '../../support/app';

const ROOT = join(__dirname, '..', '..', '..');
export const BUILT_CONSOLE = join(ROOT, 'dist', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleApp {
  /** The in-process app on the same database: setup through the API, the mailbox. */
  t: TestApp;
  /** The built service (`node dist/src/main.js`) the browser talks to. */
  url: string;
  browser: Browser;
  output(): string;
  close(): Promise<void>;
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

async function waitForHealth(child: ChildProcess, url: string, output: () => string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the built service exited: ${output()}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the built service did not start: ${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * One per browser test file: a fresh database (migrated by the in-process test app, whose
 * helpers and mailbox the tests use), the built service on it as a child process, as
 * `npm run build && npm run start:prod` runs it, and one headless Chromium.
 */
export async function startConsoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  if (!existsSync(join(BUILT_CONSOLE, 'index.html')) || !existsSync(join(ROOT, 'dist/src/main.js')))
    throw new Error('The console is not built: run `npm run build` before `npm run test:console`');
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const t = await startApp({ env });
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...t.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DB_MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let closing = false;
  child.on('exit', (code, signal) => {
    if (!closing)
      console.warn(`the built service stopped (${code ?? signal}):\n${log.slice(-4000)}`);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(child, url, () => log);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root (CI, this machine) Chromium refuses to start with its sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  return {
    t,
    url,
    browser,
    output: () => log,
    close: async () => {
      closing = true;
      await browser.close();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await t.close();
    },
  };
}
