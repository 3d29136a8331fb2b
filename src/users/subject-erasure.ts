import { Injectable } from '@nestjs/common';
import { Sessions } from '../auth/sessions';
import { Clock } from '../common/clock';
import { Vault } from '../crypto/vault';
import type { Tx } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { Subject } from './subject.entity';
import { Visit } from './visit.entity';

/**
 * Deletion by depersonalization (P15.7, P17), inside the caller's transaction. The
 * subject's data key is destroyed, so every value ever sealed under it (current fields,
 * change history, consent evidence, data requests) can no longer be opened, wherever a
 * copy of it lies. What is not sealed goes too: blind indexes, the password, the linked
 * site visits (user agent, pages); sessions end. The row stays as a tombstone with the
 * date and reason, so the audit trail and the consent ledger keep their references and
 * the trail still verifies.
 */
@Injectable()
export class SubjectErasure {
  constructor(
    private readonly vault: Vault,
    private readonly sessions: Sessions,
    private readonly clock: Clock,
  ) {}

  async depersonalize(id: string, reason: string, tx: Tx): Promise<Date> {
    const subject = await tx.manager.findOne(Subject, {
      where: { id },
      select: { id: true, version: true, depersonalizedAt: true },
    });
    if (!subject || subject.depersonalizedAt) throw notFound('Subject');
    const now = this.clock.now();
    await this.vault.destroy(id, tx);
    await tx.manager.update(
      Subject,
      { id },
      {
        sealed: {},
        emailIndex: null,
        phoneIndex: null,
        iinIndex: null,
        passwordHash: null,
        depersonalizeAfter: null,
        depersonalizedAt: now,
        depersonalizationReason: reason,
        version: subject.version + 1,
        updatedAt: now,
      },
    );
    await tx.manager.delete(Visit, { subjectId: id });
    await this.sessions.revokeAll('subject', id, tx);
    return now;
  }
}
