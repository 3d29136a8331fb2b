import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { ExitCode, exitForUsage } from './cli/exit-codes';
import { loadConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { describeStartFailure } from './start-failure';

/**
 * Operator commands, run against the configured database with the service's own modules
 * in a light application context (no HTTP server, no schedulers):
 *
 *   npm run cli -- <command> [options]     (after npm run build)
 *   npm run cli -- --help | <command> --help
 *   npx ts-node src/cli.ts <command>       (development)
 *
 * Exit codes: see cli/exit-codes.ts.
 */

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
    cliName: 'cli',
    errorHandler: (error) => process.exit(exitForUsage(error)),
    serviceErrorHandler: (error) => {
      process.stderr.write(`${describeStartFailure(error)}\n`);
      process.exitCode = ExitCode.UNAVAILABLE;
    },
  });
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(ExitCode.CONFIG);
    }
    process.stderr.write(`${describeStartFailure(error)}\n`);
    process.exit(ExitCode.UNAVAILABLE);
  },
);
