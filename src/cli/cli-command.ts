import { CommandRunner, Option } from 'nest-commander';
import { AnchorError } from '../audit/audit-anchors';
import { AppError } from '../errors/app-error';
import { describeStartFailure } from '../start-failure';
import { ExitCode, exitForUsage } from './exit-codes';

export interface JsonOption {
  json?: boolean;
}

/**
 * An operator command: `execute` answers the exit code; a refusal by a rule (AppError)
 * is FAILED with its code on stderr, anything else unexpected UNAVAILABLE. The result
 * goes to stdout (JSON with `--json`, and always for the commands whose output was JSON
 * from the start), messages and progress to stderr.
 */
export abstract class CliCommand<O extends JsonOption = JsonOption> extends CommandRunner {
  protected abstract execute(params: string[], options: O): Promise<ExitCode>;

  /** A command's own usage errors (unknown option, missing argument) exit USAGE too. */
  override setCommand(command: Parameters<CommandRunner['setCommand']>[0]): this {
    command.exitOverride((error) => process.exit(exitForUsage(error)));
    return super.setCommand(command);
  }

  async run(params: string[], options: O = {} as O): Promise<void> {
    try {
      process.exitCode = await this.execute(params, options);
    } catch (error) {
      if (error instanceof AppError) {
        process.stderr.write(`Refused (${error.code}): ${error.message}\n`);
        process.exitCode = ExitCode.FAILED;
      } else if (error instanceof AnchorError) {
        process.stderr.write(`Cannot verify against the anchor: ${error.message}\n`);
        process.exitCode = ExitCode.FAILED;
      } else {
        process.stderr.write(`${describeStartFailure(error)}\n`);
        process.exitCode = ExitCode.UNAVAILABLE;
      }
    }
  }

  @Option({ flags: '--json', description: 'print the result as one JSON document, no progress' })
  parseJson(): boolean {
    return true;
  }

  /** One JSON document on one line: the last line of stdout is the result, for a script. */
  protected print(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value)}\n`);
  }
}
