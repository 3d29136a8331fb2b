import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { AppModule } from './app.module';
import { AuditVerifier } from './audit/audit-verifier';
import { loadConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { Vault } from './crypto/vault';
import { AppError } from './errors/app-error';
import { OutboxPrinter } from './mail/outbox-printer';
import { FirstOfficer } from './staff/first-officer';
import { describeStartFailure } from './start-failure';

/**
 * Operator commands, run against the configured database with the app's own services:
 *
 *   npm run cli -- <command>          (after npm run build)
 *   npx ts-node src/cli.ts <command>  (development)
 *
 * Each command prints its result and exits 0 on success, 1 on failure.
 */
type Command = (app: INestApplicationContext, args: string[]) => Promise<boolean>;

const COMMANDS: Record<string, { summary: string; run: Command }> = {
  'keys:rotate': {
    summary: 're-wrap every subject data key onto MASTER_KEY_ID (PD values untouched)',
    run: async (app) => {
      process.stdout.write(`${JSON.stringify(await app.get(Vault).rotate())}\n`);
      return true;
    },
  },
  'audit:verify': {
    summary: 'recompute every audit chain; prints the report, exits 1 when the trail is not intact',
    run: async (app) => {
      const report = await app.get(AuditVerifier).verify();
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok;
    },
  },
  'staff:first-officer': {
    summary: '<email> "<full name>": the first compliance officer; prints their enrolment token',
    run: async (app, [email, fullName]) => {
      if (!email || !fullName) {
        console.error('usage: cli staff:first-officer <email> "<full name>"');
        return false;
      }
      const made = await app
        .get(FirstOfficer)
        .create(email, fullName)
        .catch((error: unknown) => {
          if (!(error instanceof AppError)) throw error;
          console.error(`Refused (${error.code}): ${error.message}`);
          return null;
        });
      if (!made) return false;
      process.stdout.write(
        `Compliance officer ${made.id} <${made.email}>: enrolment token, valid until ${made.expiresAt.toISOString()}:\n${made.token}\n`,
      );
      return true;
    },
  },
  'outbox:print': {
    summary: 'print the email waiting in the outbox, rendered (nothing is sent or changed)',
    run: async (app) => {
      await app.get(OutboxPrinter).print((text) => process.stdout.write(text));
      return true;
    },
  },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(
      'usage: cli <command>\n' +
        Object.entries(COMMANDS)
          .map(([key, c]) => `  ${key.padEnd(18)} ${c.summary}`)
          .join('\n'),
    );
    return 1;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    return (await command.run(app, args)) ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? `Configuration error: ${error.message}`
        : describeStartFailure(error),
    );
    process.exit(1);
  },
);
