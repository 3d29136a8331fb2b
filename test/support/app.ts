import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { TestClock } from './clock';
import { contractChecked } from './contract';
import { createScratchDatabase, type Driver, type ScratchDatabase } from './databases';
import { LogCapture } from './log-capture';
import { testEnv } from './test-env';

export const driver: Driver = process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';

export interface RouteInfo {
  method: string;
  url: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** The environment the app was configured from (keys included), for a second instance. */
  env: Record<string, string>;
  config: AppConfig;
  clock: TestClock;
  logs: LogCapture;
  db: DataSource;
  routes: RouteInfo[];
  /** A supertest agent whose every answer is checked against openapi.json (contract.ts). */
  http(): ReturnType<typeof request>;
  /** Stops this app and starts a new one on the same database with changed settings. */
  restart(env: Record<string, string>): Promise<TestApp>;
  close(): Promise<void>;
}

interface StartOptions {
  env?: Record<string, string>;
  modules?: Type[];
}

/**
 * A real app on a database of its own (SQLite file or MariaDB/MySQL database, by
 * TEST_DB), migrated by the committed migrations exactly as at a production start.
 * One app per test file: passport keeps its strategies in a process-wide registry, so
 * a second instance is a second process (see instance.ts).
 */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  return boot(await createScratchDatabase(driver), testEnv(options.env), options);
}

async function boot(
  scratch: ScratchDatabase,
  env: Record<string, string>,
  options: StartOptions,
): Promise<TestApp> {
  const config = loadConfig(env);
  Object.assign(config, { db: scratch.db });
  const clock = new TestClock();
  const logs = new LogCapture();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, { modules: options.modules, logTo: logs })],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const routes: RouteInfo[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return {
    app,
    env: { ...env, ...dbEnv(scratch) },
    config,
    clock,
    logs,
    db: app.get(DataSource),
    routes,
    http: () => contractChecked(request(app.getHttpServer())),
    restart: async (changes) => {
      await app.close();
      return boot(scratch, { ...env, ...changes }, options);
    },
    close: async () => {
      await app.close();
      await scratch.drop();
    },
  };
}

/** The environment variables that point an instance at `scratch`. */
export function dbEnv({ db }: ScratchDatabase): Record<string, string> {
  if (db.type === 'sqlite') return { DB_TYPE: 'sqlite', DB_PATH: db.path };
  return {
    DB_TYPE: 'mysql',
    DB_HOST: db.host,
    DB_PORT: String(db.port),
    DB_USER: db.user,
    DB_PASSWORD: db.password,
    DB_NAME: db.database,
  };
}
