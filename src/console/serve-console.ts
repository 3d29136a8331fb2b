import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export const CONSOLE_PREFIX = '/console';

/**
 * The console's own Content-Security-Policy, stricter than the API's (helmet's, set for
 * every route in app.setup.ts): scripts, styles and calls only from this origin, no
 * inline script or style at all, no framing. It replaces helmet's header on the console's
 * answers only; the API keeps its own.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Built by `npm run build` (vite build) beside the compiled service: dist/console. */
function builtConsoleDir(): string {
  const root = join(__dirname, '..', '..');
  return basename(root) === 'dist' ? join(root, 'console') : join(root, 'dist', 'console');
}

/** What the page needs from the server's configuration; nothing secret, no PD. */
export interface ConsoleSettings {
  idleMinutes: number;
  holidays: readonly string[];
  /** ACCESS_ORDER_CAP_PER_CATEGORY, shown before an order is issued. */
  orderCapPerCategory: number;
}

/**
 * Serves the built console at /console from the same process. Its settings come from
 * /console/settings.json, a static-like answer outside the API (no token needed, nothing
 * personal in it), so the page has no inline script. Without a build (tests that start
 * the app from source, `start:dev`) only the settings answer.
 */
export async function serveConsole(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const dir = builtConsoleDir();
  const settings: ConsoleSettings = {
    idleMinutes: config.console.idleMinutes,
    holidays: config.calendar.holidays,
    orderCapPerCategory: config.accessOrders.capPerCategory,
  };
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      void reply.header('content-security-policy', CONSOLE_CSP);
      return payload;
    });
    scope.get(`${CONSOLE_PREFIX}/settings.json`, async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return settings;
    });
    if (!existsSync(join(dir, 'index.html'))) return;
    // The page's assets are relative to /console/: the bare path would break them.
    scope.get(CONSOLE_PREFIX, (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`));
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: `${CONSOLE_PREFIX}/`,
      wildcard: true,
      setHeaders: (res, path) => {
        // Hashed file names under assets/ never change; the page itself is re-read.
        void res.header(
          'cache-control',
          path.includes(`${join(dir, 'assets')}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  });
}
