import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { existsSync, readFileSync } from 'node:fs';
import { AuditAction, AuditOutcome } from './audit/audit-actions';
import { AnchorError, AuditAnchors } from './audit/audit-anchors';
import { SYSTEM_ORIGIN } from './audit/audit-origin';
import { AuditTrail } from './audit/audit-trail';
import { AuditVerifier } from './audit/audit-verifier';
import { loadConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { Vault } from './crypto/vault';
import { AppError } from './errors/app-error';
import { OutboxPrinter } from './mail/outbox-printer';
import { RetentionService } from './retention/retention.service';
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
      const result = await app.get(Vault).rotate();
      // One entry for the run: each re-wrap is its own statement, and the values are untouched.
      await app.get(AuditTrail).record({
        ...SYSTEM_ORIGIN,
        action: AuditAction.KEYS_ROTATE,
        outcome: AuditOutcome.ALLOWED,
        reason: `${result.rewrapped} data keys re-wrapped onto ${result.current}`,
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return true;
    },
  },
  'audit:verify': {
    summary:
      'recompute every audit chain (--anchor FILE: and prove it still holds what that anchor saw); exits 1 when not intact',
    run: async (app, args) => {
      const file = optionValue(args, '--anchor');
      const anchors = app.get(AuditAnchors);
      const report = file
        ? await anchors.verifyAgainst(anchors.parse(readAnchor(file)))
        : await app.get(AuditVerifier).verify();
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
  'audit:anchor': {
    summary:
      'verify the trail and print the signed heads of every lane (JSON) to keep outside the database',
    run: async (app) => {
      const { report, anchor } = await app.get(AuditAnchors).take();
      if (!anchor) {
        process.stderr.write(
          `The trail does not verify; no anchor taken:\n${JSON.stringify(report, null, 2)}\n`,
        );
        return false;
      }
      process.stdout.write(`${JSON.stringify(anchor, null, 2)}\n`);
      return true;
    },
  },
  'retention:run': {
    summary:
      'depersonalize every subject whose retention term has ended (P17); --dry-run only counts them',
    run: async (app, args) => {
      const result = await app.get(RetentionService).run({ dryRun: args.includes('--dry-run') });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return result.failed === 0;
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

/** `--name value` or `--name=value`; a flag given without its value is a usage error. */
function optionValue(args: string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const value = args[index].includes('=') ? args[index].slice(name.length + 1) : args[index + 1];
  if (!value) throw new UsageError(`${name} needs a value`);
  return value;
}

class UsageError extends Error {}

function readAnchor(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new AnchorError(`${file} cannot be read`);
  }
}

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
        : error instanceof AnchorError || error instanceof UsageError
          ? `Cannot verify against the anchor: ${error.message}`
          : describeStartFailure(error),
    );
    process.exit(1);
  },
);
