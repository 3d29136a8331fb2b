import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { type AppConfig, loadConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { describeStartFailure } from './start-failure';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  for (const warning of config.warnings) console.warn(`WARNING: ${warning}`);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createAdapter(config),
    // Silent until pino takes over: Nest's own handler would print driver errors with stacks.
    { logger: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  await configureApp(app, config);
  await app.listen({ host: config.http.host, port: config.http.port });
  stopOnSignals(app);
  app
    .get(Logger)
    .log(
      `Listening on http://${config.http.host}:${config.http.port} (${describeDb(config)})${config.docsEnabled ? '; API docs at /docs' : ''}`,
    );
}

/**
 * Graceful shutdown: new requests get 503, in-flight ones finish, scheduled jobs stop,
 * the database pool closes, then the process exits 0.
 */
function stopOnSignals(app: NestFastifyApplication): void {
  const logger = app.get(Logger);
  const stop = (signal: string): void => {
    logger.log(`Received ${signal}: finishing in-flight requests`);
    app
      .close()
      .then(() => {
        logger.log('Stopped');
        process.exit(0);
      })
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function describeDb(config: AppConfig): string {
  return config.db.type === 'sqlite'
    ? `SQLite ${config.db.path}`
    : `MySQL ${config.db.host}:${config.db.port}/${config.db.database}`;
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? `Configuration error: ${error.message}`
      : describeStartFailure(error),
  );
  process.exit(1);
});
