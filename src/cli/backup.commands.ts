import { Command, Option } from 'nest-commander';
import { BackupError } from '../backup/backup-error';
import { Backups } from '../backup/backups';
import { Restores } from '../backup/restores';
import { CliCommand, type JsonOption } from './cli-command';
import { ExitCode } from './exit-codes';
import { progressBar } from './progress';

/** A refusal a script can read: `{ ok: false, code, message }` on stdout, exit FAILED. */
function refused(error: unknown, print: (value: unknown) => void): ExitCode {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`Refused (${error.code}): ${error.message}\n`);
  print({ ok: false, code: error.code, message: error.message });
  return ExitCode.FAILED;
}

interface BackupOptions extends JsonOption {
  out: string;
  destination?: string;
}

@Command({
  name: 'backup',
  description:
    'write the whole database to an encrypted file (BACKUP_KEY) and FILE.sha256, registered as a BACKUP medium (P11.5)',
})
export class BackupCommand extends CliCommand<BackupOptions> {
  constructor(private readonly backups: Backups) {
    super();
  }

  protected async execute(_: string[], options: BackupOptions): Promise<ExitCode> {
    const bar = progressBar('rows', options.json === true);
    try {
      const summary = await this.backups.create(options.out, {
        destination: options.destination,
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.stop();
      this.print(summary);
      return ExitCode.OK;
    } catch (error) {
      return refused(error, (value) => this.print(value));
    } finally {
      bar.stop();
    }
  }

  @Option({ flags: '--out <file>', description: 'the backup file to write', required: true })
  parseOut(file: string): string {
    return file;
  }

  @Option({
    flags: '--destination <text>',
    description: 'where the file will be kept, for the media register ("offsite store B")',
  })
  parseDestination(text: string): string {
    return text;
  }
}

interface RestoreOptions extends JsonOption {
  in: string;
  sha256?: string;
  ledger?: string[];
  withoutLedger?: boolean;
}

@Command({
  name: 'restore',
  description:
    'restore a backup into an empty database, re-apply the erasure ledger, verify the audit trail; exit 1 when refused or not intact',
})
export class RestoreCommand extends CliCommand<RestoreOptions> {
  constructor(private readonly restores: Restores) {
    super();
  }

  protected async execute(_: string[], options: RestoreOptions): Promise<ExitCode> {
    const bar = progressBar('bytes', options.json === true);
    try {
      const report = await this.restores.restore(options.in, {
        sha256: options.sha256,
        ledgers: options.ledger,
        withoutLedger: options.withoutLedger === true,
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.stop();
      this.print(report);
      return report.ok ? ExitCode.OK : ExitCode.FAILED;
    } catch (error) {
      return refused(error, (value) => this.print(value));
    } finally {
      bar.stop();
    }
  }

  @Option({ flags: '--in <file>', description: 'the backup file to restore', required: true })
  parseIn(file: string): string {
    return file;
  }

  @Option({
    flags: '--sha256 <hex>',
    description: "the backup's checksum (default: read from FILE.sha256)",
  })
  parseSha256(hex: string): string {
    return hex;
  }

  @Option({
    flags: '--ledger <file>',
    description: 'an erasure ledger file (default ERASURE_LEDGER_PATH); repeat for several',
  })
  parseLedger(file: string, previous: string[] = []): string[] {
    return [...previous, file];
  }

  @Option({
    flags: '--without-ledger',
    description:
      'restore with no erasure ledger: erasures made after the backup come back; recorded in the trail',
  })
  parseWithoutLedger(): boolean {
    return true;
  }
}
