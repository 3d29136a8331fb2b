import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import { Outbox } from '../mail/outbox';
import { MailKind } from '../mail/vocabulary';
import { ConsentLedger } from './consent-ledger';
import type { PolicyVersion } from './policy-version.entity';

/** Subjects read per query while queuing notices. */
const PAGE = 1000;

/**
 * P20: a significant new version is announced by email to every subject who accepted an
 * earlier one (PD_PROCESSING in force under another, earlier version). The messages are
 * queued in the publication's own transaction: published means announced, and a failed
 * publication announces nothing. PolicyChangeMail renders them when they are sent.
 */
@Injectable()
export class PolicyChangeNotices {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly outbox: Outbox,
  ) {}

  async queue(version: PolicyVersion, tx: Tx): Promise<number> {
    let queued = 0;
    let after: string | undefined;
    for (;;) {
      const holders = await this.ledger.holdersOfEarlier(version, { after, limit: PAGE }, tx);
      queued += await this.outbox.enqueue(
        holders.map((holder) => ({
          kind: MailKind.POLICY_CHANGED,
          subjectId: holder.subjectId,
          reference: version.id,
        })),
        tx,
      );
      if (holders.length < PAGE) return queued;
      after = holders[holders.length - 1].subjectId;
    }
  }
}
