import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { DataKey } from '../crypto/envelope';
import { Vault } from '../crypto/vault';
import type { Tx } from '../database/transactions';
import { fieldsIn, type PdField, type PdRecord } from '../pd/fields';
import type { Category } from '../pd/vocabulary';
import { WebhookEvent } from '../webhooks/vocabulary';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { Subject } from './subject.entity';
import { openFields } from './subjects.service';
import type { ContractState, VerificationStatus } from './vocabulary';

/** What other features decide on (consent checks, withdrawal): no PD. */
export interface SubjectStanding {
  contractState: ContractState | null;
  blocked: boolean;
  verificationStatus: VerificationStatus;
  depersonalized: boolean;
}

export interface LoadedSubject {
  id: string;
  standing: SubjectStanding;
  sealed: Partial<Record<PdField, string>>;
  key: DataKey | null;
  alongside: Record<string, unknown>;
}

/**
 * Columns another feature computes about the same subject, in the same statement: scalar
 * subqueries on that feature's own table, correlated on `s.id` (the subject's id). The
 * statement is the subjects module's; the subqueries are the asking feature's. It saves the
 * hot path a round trip without either feature reading the other's table.
 */
export interface Alongside {
  /** `(SELECT … WHERE x.subjectId = s.id …) AS name, …`: written once by the owner. */
  columns: string;
  params: readonly unknown[];
}

const STANDING_COLUMNS = 's.contractState, s.blockedAt, s.verificationStatus, s.depersonalizedAt';
/** Written once: the consent check is the Billing's hot path and runs it on every call. */
const STANDING_SQL = `SELECT ${STANDING_COLUMNS} FROM subjects s WHERE s.id = ?`;

/**
 * A subject's standing: what other features decide on without their PD (contract state,
 * block, verification, depersonalization), the guarded read's one statement of the
 * subject's facts (`load`), and the changes of standing (block, verification, the
 * retention mark). The PD values themselves are the registry's (SubjectsService).
 */
@Injectable()
export class SubjectStandings {
  constructor(
    @InjectRepository(Subject) private readonly subjects: Repository<Subject>,
    private readonly vault: Vault,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async exists(id: string): Promise<boolean> {
    return this.subjects.exists({ where: { id } });
  }

  /** The subject's contract, blocking and verification state; null when there is no such subject. */
  async standing(id: string, tx?: Tx): Promise<SubjectStanding | null> {
    return (await this.standingWith(id, null, tx))?.standing ?? null;
  }

  /** The standing plus another feature's columns about the subject, in one round trip. */
  async standingWith(
    id: string,
    alongside: Alongside | null,
    tx?: Tx,
  ): Promise<{ standing: SubjectStanding; alongside: Record<string, unknown> } | null> {
    const sql = alongside
      ? `SELECT ${STANDING_COLUMNS}, ${alongside.columns} FROM subjects s WHERE s.id = ?`
      : STANDING_SQL;
    const rows: Array<Record<string, unknown>> = await (tx?.manager ?? this.subjects.manager).query(
      sql,
      [...(alongside?.params ?? []), id],
    );
    return rows[0] ? standingOf(rows[0]) : null;
  }

  /**
   * Everything a guarded read needs of the subject in one statement: the standing, the
   * sealed values with their data key (not opened: the caller opens only what the access
   * rule admits), and another feature's columns. Null when there is no such subject.
   */
  async load(id: string, alongside?: Alongside): Promise<LoadedSubject | null> {
    const extra = alongside ? `, ${alongside.columns}` : '';
    const rows: Array<Record<string, unknown>> = await this.subjects.manager.query(
      `SELECT ${STANDING_COLUMNS}, s.sealed, k.masterKeyId, k.wrappedKey${extra}
       FROM subjects s LEFT JOIN subject_keys k ON k.subjectId = s.id WHERE s.id = ?`,
      [...(alongside?.params ?? []), id],
    );
    if (!rows[0]) return null;
    const { standing, alongside: columns } = standingOf(rows[0]);
    const { sealed, masterKeyId, wrappedKey, ...rest } = columns;
    return {
      id,
      standing,
      sealed: JSON.parse(sealed as string) as Partial<Record<PdField, string>>,
      key:
        masterKeyId == null
          ? null
          : this.vault.open({
              subjectId: id,
              masterKeyId: masterKeyId as string,
              wrappedKey: wrappedKey as string,
            }),
      alongside: rest,
    };
  }

  /** Opens the loaded subject's values in the given categories only. */
  openLoaded(loaded: LoadedSubject, categories: readonly Category[]): PdRecord {
    return loaded.key ? openFields(loaded.key, loaded.sealed, fieldsIn(categories)) : {};
  }

  /**
   * Blocks the subject's PD at their demand (P15.6): the consent check answers
   * SUBJECT_BLOCKED and staff reads are refused (PdAccess) until `unblock`. Answers
   * whether it changed anything (false when already blocked).
   */
  async block(id: string, tx: Tx): Promise<boolean> {
    const result = await tx.manager.update(
      Subject,
      { id, blockedAt: IsNull(), depersonalizedAt: IsNull() },
      { blockedAt: this.clock.now(), updatedAt: this.clock.now() },
    );
    if (result.affected !== 1) return false;
    await this.webhooks.emit(WebhookEvent.SUBJECT_BLOCKED, { subjectId: id }, tx);
    return true;
  }

  /** Lifts a block; false when the subject was not blocked. */
  async unblock(id: string, tx: Tx): Promise<boolean> {
    const result = await tx.manager.update(
      Subject,
      { id, blockedAt: Not(IsNull()), depersonalizedAt: IsNull() },
      { blockedAt: null, updatedAt: this.clock.now() },
    );
    if (result.affected !== 1) return false;
    await this.webhooks.emit(WebhookEvent.SUBJECT_UNBLOCKED, { subjectId: id }, tx);
    return true;
  }

  /**
   * Records the latest verification result (P5): FAILED flags the subject, and the consent
   * check and the subject's record show it so the Billing can refuse access; a later
   * VERIFIED clears the flag. Inside the caller's transaction (the transfer that carried it).
   */
  async recordVerification(
    id: string,
    status: Exclude<VerificationStatus, 'UNVERIFIED'>,
    tx: Tx,
  ): Promise<void> {
    const now = this.clock.now();
    await tx.manager.update(
      Subject,
      { id },
      { verificationStatus: status, verifiedAt: now, updatedAt: now },
    );
    if (status === 'FAILED') {
      await this.webhooks.emit(
        WebhookEvent.SUBJECT_VERIFICATION_FAILED,
        { subjectId: id, verificationStatus: status, verifiedAt: now.toISOString() },
        tx,
      );
    }
  }

  /**
   * Schedules depersonalization once the retention term ends (P17), after the subject
   * withdrew consent to processing; `null` lifts it when they give that consent again.
   */
  async markForDepersonalization(id: string, after: Date | null, tx: Tx): Promise<void> {
    await tx.manager.update(Subject, { id }, { depersonalizeAfter: after });
  }
}

/** Splits a row of STANDING_COLUMNS and other columns into the standing and the rest. */
function standingOf(row: Record<string, unknown>): {
  standing: SubjectStanding;
  alongside: Record<string, unknown>;
} {
  const { contractState, blockedAt, verificationStatus, depersonalizedAt, ...rest } = row;
  return {
    standing: {
      contractState: contractState as ContractState | null,
      blocked: blockedAt !== null,
      verificationStatus: verificationStatus as VerificationStatus,
      depersonalized: depersonalizedAt !== null,
    },
    alongside: rest,
  };
}
