import { Injectable } from '@nestjs/common';
import { Sessions } from '../auth/sessions';
import { Clock } from '../common/clock';
import { Vault } from '../crypto/vault';
import type { Tx } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { Subject } from './subject.entity';
import { Visit } from './visit.entity';
import type { DepersonalizationReason } from './vocabulary';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookEvent } from '../webhooks/vocabulary';
import { ErasureLedger } from '../erasure-ledger/erasure-ledger';
import type { LedgerLine } from '../erasure-ledger/ledger-hash';

/**
 * Deletion by depersonalization (P15.7, P17), inside the caller's transaction. The
 * subject's data key is destroyed, so every value ever sealed under it (current fields,
 * change history, consent evidence, data requests) can no longer be opened, wherever a
 * copy of it lies. What is not sealed goes too: blind indexes, the password, the linked
 * site visits (user agent, pages); sessions end. The row stays as a tombstone with the
 * date and reason, so the audit trail and the consent ledger keep their references and
 * the trail still verifies.
 *
 * Every path that depersonalizes (a completed deletion request, the retention run, any
 * future one) comes through `depersonalize`, so whatever must follow an erasure is added
 * here once: the erasure ledger's entry (in the table and its file, in this transaction)
 * is, so that a restore of an older backup re-applies it (`reapply`).
 */
@Injectable()
export class SubjectErasure {
  constructor(
    private readonly vault: Vault,
    private readonly sessions: Sessions,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
    private readonly ledger: ErasureLedger,
  ) {}

  /**
   * Claims the subject first, by a conditional UPDATE of the tombstone columns: of two
   * transactions (two instances, two nodes of a cluster, a request and the retention
   * run) that try the same subject, the second changes no row and is refused with
   * NOT_FOUND, so a subject is depersonalized, and audited, once. With `dueBy` the claim
   * also needs `depersonalizeAfter <= dueBy`, as read at that moment: a consent given
   * again meanwhile (which clears the mark) wins.
   */
  async depersonalize(
    id: string,
    reason: DepersonalizationReason,
    tx: Tx,
    options: { dueBy?: Date } = {},
  ): Promise<Date> {
    const now = this.clock.now();
    const claim = this.claim(id, reason, now, tx);
    if (options.dueBy) claim.andWhere('depersonalizeAfter <= :dueBy', { dueBy: options.dueBy });
    const { affected } = await claim.execute();
    if (affected !== 1) throw notFound('Subject');
    await this.shred(id, now, tx);
    // Last before the caller's audit entry and commit: the file line is fsynced in here.
    await this.ledger.append(id, reason, now, tx);
    return now;
  }

  /**
   * At a restore, an erasure the ledger holds that is newer than the backup: the same
   * erasure again, with the ledger's time and reason. A subject the backup does not hold
   * (registered after it) or holds already erased has nothing left to shred but their
   * data key and visits, which are removed all the same. Answers whether a row was
   * tombstoned. With `adopt`, the line also goes into the restored ledger table.
   */
  async reapply(line: LedgerLine, tx: Tx, options: { adopt: boolean }): Promise<boolean> {
    const at = new Date(line.erasedAt);
    const { affected } = await this.claim(line.subjectId, line.reason, at, tx).execute();
    await this.shred(line.subjectId, at, tx);
    if (options.adopt) await this.ledger.adopt(line, tx);
    return affected === 1;
  }

  private claim(id: string, reason: string, now: Date, tx: Tx) {
    return tx.manager
      .createQueryBuilder()
      .update(Subject)
      .set({
        sealed: {},
        emailIndex: null,
        phoneIndex: null,
        iinIndex: null,
        passwordHash: null,
        depersonalizeAfter: null,
        depersonalizedAt: now,
        depersonalizationReason: reason,
        version: () => 'version + 1',
        updatedAt: now,
      })
      .where('id = :id AND depersonalizedAt IS NULL', { id });
  }

  private async shred(id: string, now: Date, tx: Tx): Promise<void> {
    await this.vault.destroy(id, tx);
    await tx.manager.delete(Visit, { subjectId: id });
    await this.sessions.revokeAll('subject', id, tx);
    // Here, once, so every path to erasure (a deletion request, retention) announces it.
    await this.webhooks.emit(
      WebhookEvent.SUBJECT_DEPERSONALIZED,
      { subjectId: id, depersonalizedAt: now.toISOString() },
      tx,
    );
  }
}
