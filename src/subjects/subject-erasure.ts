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
 * here once.
 */
@Injectable()
export class SubjectErasure {
  constructor(
    private readonly vault: Vault,
    private readonly sessions: Sessions,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
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
    const claim = tx.manager
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
    if (options.dueBy) claim.andWhere('depersonalizeAfter <= :dueBy', { dueBy: options.dueBy });
    const { affected } = await claim.execute();
    if (affected !== 1) throw notFound('Subject');
    await this.vault.destroy(id, tx);
    await tx.manager.delete(Visit, { subjectId: id });
    await this.sessions.revokeAll('subject', id, tx);
    // Here, once, so every path to erasure (a deletion request, retention) announces it.
    await this.webhooks.emit(
      WebhookEvent.SUBJECT_DEPERSONALIZED,
      { subjectId: id, depersonalizedAt: now.toISOString() },
      tx,
    );
    return now;
  }
}
