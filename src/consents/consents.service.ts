import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import type { DataKey } from '../crypto/envelope';
import type { Tx } from '../database/transactions';
import { Consent } from './consent.entity';
import { ConsentAction, type ConsentPurpose } from './vocabulary';

export interface ConsentEvidence {
  ip: string;
  userAgent: string;
}

export interface ConsentGrant {
  key: DataKey;
  purpose: ConsentPurpose;
  policyVersionId: string;
  channel: string;
  evidence: ConsentEvidence;
  recordedBy: Principal;
}

/** The consent ledger (P12): grants and withdrawals appended, evidence sealed under the subject's key. */
@Injectable()
export class ConsentsService {
  constructor(private readonly clock: Clock) {}

  async grant(grant: ConsentGrant, tx: Tx): Promise<Consent> {
    const id = randomUUID();
    const consent: Consent = {
      id,
      subjectId: grant.key.subjectId,
      purpose: grant.purpose,
      action: ConsentAction.GRANTED,
      policyVersionId: grant.policyVersionId,
      at: this.clock.now(),
      channel: grant.channel,
      evidence: grant.key.seal(`consent/${id}/evidence`, JSON.stringify(grant.evidence)),
      recordedByKind: grant.recordedBy.kind,
      recordedBy: grant.recordedBy.id,
    };
    await tx.manager.insert(Consent, consent);
    return consent;
  }
}
