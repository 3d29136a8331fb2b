import { Command, Option } from 'nest-commander';
import { OutboxPrinter } from '../mail/outbox-printer';
import { RetentionService } from '../retention/retention.service';
import { FirstOfficer } from '../staff/first-officer';
import { CliCommand, type JsonOption } from './cli-command';
import { ExitCode } from './exit-codes';
import { progressBar } from './progress';

@Command({
  name: 'staff:first-officer',
  arguments: '<email> <fullName>',
  argsDescription: { email: "the officer's email", fullName: 'their full name, quoted' },
  description: 'the first compliance officer; prints their one-time enrolment token',
})
export class FirstOfficerCommand extends CliCommand {
  constructor(private readonly firstOfficer: FirstOfficer) {
    super();
  }

  protected async execute([email, fullName]: string[], options: JsonOption): Promise<ExitCode> {
    const made = await this.firstOfficer.create(email, fullName);
    if (options.json) {
      this.print({ id: made.id, email: made.email, expiresAt: made.expiresAt, token: made.token });
    } else {
      process.stdout.write(
        `Compliance officer ${made.id} <${made.email}>: enrolment token, valid until ${made.expiresAt.toISOString()}:\n${made.token}\n`,
      );
    }
    return ExitCode.OK;
  }
}

@Command({
  name: 'outbox:print',
  description: 'print the email waiting in the outbox, rendered (nothing is sent or changed)',
})
export class OutboxPrintCommand extends CliCommand {
  constructor(private readonly printer: OutboxPrinter) {
    super();
  }

  protected async execute(): Promise<ExitCode> {
    await this.printer.print((text) => process.stdout.write(text));
    return ExitCode.OK;
  }
}

interface RetentionOptions extends JsonOption {
  dryRun?: boolean;
}

@Command({
  name: 'retention:run',
  description:
    'depersonalize every subject whose retention term has ended (P17); exit 1 when any failed',
})
export class RetentionRunCommand extends CliCommand<RetentionOptions> {
  constructor(private readonly retention: RetentionService) {
    super();
  }

  protected async execute(_: string[], options: RetentionOptions): Promise<ExitCode> {
    const bar = progressBar('subjects', options.json === true);
    const result = await this.retention.run({
      dryRun: options.dryRun === true,
      onProgress: (done, due) => bar.update(done, due),
    });
    bar.stop();
    this.print(result);
    return result.failed === 0 ? ExitCode.OK : ExitCode.FAILED;
  }

  @Option({ flags: '--dry-run', description: 'only count who is due; change nothing' })
  parseDryRun(): boolean {
    return true;
  }
}
