import { readFileSync } from 'node:fs';
import { Command, Option } from 'nest-commander';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { AnchorError, AuditAnchors } from '../audit/audit-anchors';
import { SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { AuditVerifier } from '../audit/audit-verifier';
import { Vault } from '../crypto/vault';
import { CliCommand, type JsonOption } from './cli-command';
import { ExitCode } from './exit-codes';
import { progressBar } from './progress';

interface VerifyOptions extends JsonOption {
  anchor?: string;
}

@Command({
  name: 'audit:verify',
  description:
    'recompute every audit chain (--anchor FILE: and prove it still holds what that anchor saw); exit 1 when not intact',
})
export class AuditVerifyCommand extends CliCommand<VerifyOptions> {
  constructor(
    private readonly anchors: AuditAnchors,
    private readonly verifier: AuditVerifier,
  ) {
    super();
  }

  protected async execute(_: string[], options: VerifyOptions): Promise<ExitCode> {
    const bar = progressBar('chains', options.json === true);
    try {
      const report = options.anchor
        ? await this.anchors.verifyAgainst(this.anchors.parse(readAnchor(options.anchor)))
        : await this.verifier.verify(undefined, (done, of) => bar.update(done, of));
      bar.stop();
      this.print(report);
      return report.ok ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      bar.stop();
    }
  }

  @Option({ flags: '--anchor <file>', description: 'an anchor taken by audit:anchor' })
  parseAnchor(file: string): string {
    return file;
  }
}

@Command({
  name: 'audit:anchor',
  description:
    'verify the trail and print the signed heads of every lane (JSON) to keep outside the database',
})
export class AuditAnchorCommand extends CliCommand {
  constructor(private readonly anchors: AuditAnchors) {
    super();
  }

  protected async execute(): Promise<ExitCode> {
    const { report, anchor } = await this.anchors.take();
    if (!anchor) {
      process.stderr.write(
        `The trail does not verify; no anchor taken:\n${JSON.stringify(report, null, 2)}\n`,
      );
      return ExitCode.FAILED;
    }
    this.print(anchor);
    return ExitCode.OK;
  }
}

@Command({
  name: 'keys:rotate',
  description: 're-wrap every subject data key onto MASTER_KEY_ID (PD values untouched)',
})
export class KeysRotateCommand extends CliCommand {
  constructor(
    private readonly vault: Vault,
    private readonly trail: AuditTrail,
  ) {
    super();
  }

  protected async execute(_: string[], options: JsonOption): Promise<ExitCode> {
    const bar = progressBar('data keys', options.json === true);
    const result = await this.vault.rotate(500, (done, total) => bar.update(done, total));
    bar.stop();
    // One entry for the run: each re-wrap is its own statement, and the values are untouched.
    await this.trail.record({
      ...SYSTEM_ORIGIN,
      action: AuditAction.KEYS_ROTATE,
      outcome: AuditOutcome.ALLOWED,
      reason: `${result.rewrapped} data keys re-wrapped onto ${result.current}`,
    });
    this.print(result);
    return ExitCode.OK;
  }
}

function readAnchor(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new AnchorError(`${file} cannot be read`);
  }
}
