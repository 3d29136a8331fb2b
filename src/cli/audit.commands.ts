import { readFileSync } from 'node:fs';
import { Command, Option } from 'nest-commander';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { AnchorError, AuditAnchors } from '../audit/audit-anchors';
import { SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { AuditVerifier } from '../audit/audit-verifier';
import { Vault } from '../crypto/vault';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { WebhookSecrets } from '../webhooks/webhook-secrets';
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
  description:
    "move everything sealed under a master key onto MASTER_KEY_ID: subjects' data keys re-wrapped (PD values untouched), webhook secrets and stored idempotent answers re-sealed; exit 1 when any could not be opened",
})
export class KeysRotateCommand extends CliCommand {
  constructor(
    private readonly vault: Vault,
    private readonly webhookSecrets: WebhookSecrets,
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly trail: AuditTrail,
  ) {
    super();
  }

  protected async execute(_: string[], options: JsonOption): Promise<ExitCode> {
    const json = options.json === true;
    const keys = progressBar('data keys', json);
    const result = await this.vault.rotate(500, (done, total) => keys.update(done, total));
    keys.stop();
    const secrets = progressBar('webhook secrets', json);
    const webhookSecrets = await this.webhookSecrets.reseal((done, total) =>
      secrets.update(done, total),
    );
    secrets.stop();
    const answers = progressBar('idempotent answers', json);
    const idempotentAnswers = await this.idempotencyKeys.reseal((done, total) =>
      answers.update(done, total),
    );
    answers.stop();
    const unreadable = webhookSecrets.unreadable + idempotentAnswers.unreadable;
    // One entry for the run: each re-seal is its own statement, and no value changes.
    await this.trail.record({
      ...SYSTEM_ORIGIN,
      action: AuditAction.KEYS_ROTATE,
      outcome: AuditOutcome.ALLOWED,
      reason:
        `${result.rewrapped} data keys re-wrapped, ${webhookSecrets.resealed} webhook secrets and ` +
        `${idempotentAnswers.resealed} idempotent answers re-sealed onto ${result.current}` +
        (unreadable > 0 ? `; ${unreadable} could not be opened` : ''),
    });
    this.print({ ...result, resealed: { webhookSecrets, idempotentAnswers } });
    if (unreadable > 0) {
      process.stderr.write(
        `${unreadable} sealed values could not be opened with MASTER_KEYS: keep the old keys until they are\n`,
      );
      return ExitCode.FAILED;
    }
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
