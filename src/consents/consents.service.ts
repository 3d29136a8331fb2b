import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import type { DataKey } from '../crypto/envelope';
import type { Tx } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { type SubjectStanding, SubjectStandings } from '../subjects/subject-standings';
import type { Consent } from './consent.entity';
import { type ConsentEvidence, ConsentLedger } from './consent-ledger';
import { type ConsentState, stateAt } from './consent-state';
import { purposeView, recordView } from './consent-views';
import type { ConsentCheckView, ConsentsView } from './consents.dto';
import { PolicyVersionsService } from './policy-versions.service';
import { ConsentAction, CONSENT_PURPOSES, type ConsentPurpose, ConsentStatus } from './vocabulary';

export interface ConsentGrant {
  key: DataKey;
  purpose: ConsentPurpose;
  policyVersionId: string;
  channel: string;
  evidence: ConsentEvidence;
  recordedBy: Principal;
}

/**
 * The consent ledger as the rest of the service sees it (P12, P14, P15.9): grants
 * recorded at registration, the state of a subject's consents at any moment, and the
 * Billing's check. Staff reads and transfers for consent-based purposes (PURPOSE_BASIS in
 * src/pd/vocabulary.ts) ask `isGiven` before touching PD.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly standings: SubjectStandings,
    private readonly policies: PolicyVersionsService,
    private readonly clock: Clock,
  ) {}

  /** Records a grant inside the caller's transaction (registration, P12). */
  grant(grant: ConsentGrant, tx: Tx): Promise<Consent> {
    return this.ledger.append(
      { ...grant, action: ConsentAction.GRANTED, at: this.clock.now() },
      tx,
    );
  }

  /** Each purpose's state at `at` (now when omitted): the latest record at or before it. */
  async stateOf(subjectId: string, at?: Date): Promise<ConsentState> {
    const moment = at ?? this.clock.now();
    return stateAt(await this.ledger.records(subjectId, moment), moment);
  }

  /** Whether the consent to `purpose` was in force at `at` (now when omitted). */
  async isGiven(subjectId: string, purpose: ConsentPurpose, at?: Date): Promise<boolean> {
    if (at) return (await this.stateOf(subjectId, at))[purpose].status === ConsentStatus.GIVEN;
    return (await this.ledger.latest(subjectId, purpose))?.action === ConsentAction.GRANTED;
  }

  /**
   * Whether each consent is in force now, as columns for `SubjectsService.standingWith`:
   * another feature's check (transfers, P13, P14) reads them in its subject statement.
   */
  givenAlongside<P extends ConsentPurpose>(purposes: readonly P[]) {
    return this.ledger.givenAlongside(purposes);
  }

  /**
   * The subject's standing and whether their consent to `purpose` is in force now, in
   * one round trip: what the staff access rule weighs before a PD touch (conditions 4
   * and the consent-based purposes). Null when there is no such subject.
   */
  async standingFor(
    subjectId: string,
    purpose: ConsentPurpose,
  ): Promise<{ standing: SubjectStanding; consented: boolean } | null> {
    const consent = this.givenAlongside([purpose]);
    const found = await this.standings.standingWith(subjectId, consent);
    if (!found) return null;
    return { standing: found.standing, consented: consent.read(found.alongside)[purpose] };
  }

  /** State and history at a moment, for the subject and for the Billing; no PD in it. */
  async overview(subjectId: string, at?: string): Promise<ConsentsView> {
    const now = this.clock.now();
    const moment = at ? new Date(at) : now;
    if (moment > now) {
      throw validationFailed([{ field: 'at', constraints: ['at must not be in the future'] }]);
    }
    const [standing, records, inForce] = await Promise.all([
      this.standings.standing(subjectId),
      this.ledger.records(subjectId, moment),
      this.policies.inForce(undefined, moment),
    ]);
    if (!standing || standing.depersonalized) throw notFound('Subject');
    const state = stateAt(records, moment);
    const processing = state.PD_PROCESSING;
    return {
      subjectId,
      at: moment.toISOString(),
      state: CONSENT_PURPOSES.map((purpose) => purposeView(state[purpose])),
      history: records.map(recordView),
      policyInForce: inForce && {
        id: inForce.id,
        label: inForce.label,
        accepted:
          processing.status === ConsentStatus.GIVEN &&
          processing.record?.policyVersionId === inForce.id,
      },
    };
  }

  /**
   * The Billing's hot-path check: may the subject's PD be processed for `purpose` now?
   * Refuses, in this order: a blocked subject (P15.6, SUBJECT_BLOCKED), then a consent
   * never given or withdrawn (CONSENT_REQUIRED). One round trip of indexed reads (the
   * subject by id, the latest record by the unique index), nothing cached: a withdrawal
   * on any instance counts on the next call.
   */
  async check(subjectId: string, purpose: ConsentPurpose): Promise<ConsentCheckView> {
    const consent = this.ledger.latestAlongside(purpose);
    const found = await this.standings.standingWith(subjectId, consent);
    if (!found || found.standing.depersonalized) throw notFound('Subject');
    const { standing } = found;
    const latest = consent.read(found.alongside);
    const verification = standing.verificationStatus;
    if (standing.blocked) {
      return {
        allowed: false,
        code: 'SUBJECT_BLOCKED',
        reason: 'The subject has had their PD blocked (P15.6): no processing until unblocked',
        verification,
      };
    }
    if (latest?.action !== ConsentAction.GRANTED) {
      return {
        allowed: false,
        code: 'CONSENT_REQUIRED',
        reason: latest
          ? `Consent to ${purpose} was withdrawn at ${latest.at.toISOString()}`
          : `Consent to ${purpose} has not been given`,
        verification,
      };
    }
    return {
      allowed: true,
      reason: `Consent to ${purpose} given at ${latest.at.toISOString()} under policy version ${latest.policyVersionId}`,
      verification,
    };
  }
}
