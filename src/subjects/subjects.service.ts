import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Not, Repository } from 'typeorm';
import type { PrincipalKind } from '../auth/principal';
import { Clock } from '../common/clock';
import type { DataKey } from '../crypto/envelope';
import { KeyedHash } from '../crypto/keyed-hash';
import { Vault } from '../crypto/vault';
import { isDuplicateKey } from '../database/db-errors';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import {
  fieldsIn,
  normalise,
  type PdField,
  type PdRecord,
  SEARCHABLE_FIELDS,
  type SearchableField,
} from '../pd/fields';
import type { Category } from '../pd/vocabulary';
import { SubjectChange } from './subject-change.entity';
import type { SubjectChangesDto, SubjectFieldsDto } from './subject-fields.dto';
import { type RecordChange, toRecord, toView, type SubjectPdView } from './subject-record';
import { Subject } from './subject.entity';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookEvent } from '../webhooks/vocabulary';
import { type Channel, type ContractState, Language, VerificationStatus } from './vocabulary';

export interface ChangeActor {
  kind: PrincipalKind;
  id: string;
  channel: Channel;
  requestId: string;
}

const REQUIRED: PdField[] = ['surname', 'givenName', 'email', 'phone', 'iin'];
const INDEX_COLUMN = { email: 'emailIndex', phone: 'phoneIndex', iin: 'iinIndex' } as const;

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
 * statement is the users module's; the subqueries are the asking feature's. It saves the
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
 * The registry of data subjects (P1, P4): stores each PD value sealed under the subject's
 * data key, keeps blind indexes for exact search, and records every change with the old
 * value, who made it and through which channel (P6, P18).
 */
@Injectable()
export class SubjectsService {
  constructor(
    @InjectRepository(Subject) private readonly subjects: Repository<Subject>,
    private readonly vault: Vault,
    private readonly hash: KeyedHash,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /** Registers a subject inside the caller's transaction (registration records consent in it too). */
  async create(
    fields: SubjectFieldsDto,
    passwordHash: string | null,
    tx: Tx,
  ): Promise<{ subject: Subject; key: DataKey }> {
    const { values } = toRecord(fields);
    await this.assertUnique(values, undefined, tx);
    const id = randomUUID();
    const key = await this.vault.create(id, tx);
    const now = this.clock.now();
    const subject: Subject = {
      id,
      sealed: sealAll(key, values),
      ...this.indexes(values),
      passwordHash,
      preferredLanguage: fields.preferredLanguage ?? Language.RU,
      contractState: null,
      contractStateAt: null,
      blockedAt: null,
      verificationStatus: VerificationStatus.UNVERIFIED,
      verifiedAt: null,
      depersonalizeAfter: null,
      depersonalizedAt: null,
      depersonalizationReason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.insertOrExplain(subject, values, tx);
    return { subject, key };
  }

  /** The subject's PD in the given categories, opened; null when the subject does not exist. */
  async read(
    id: string,
    categories: readonly Category[],
  ): Promise<{ subject: Subject; record: PdRecord } | null> {
    const [subject, key] = await Promise.all([
      this.subjects.findOneBy({ id }),
      this.vault.keyFor(id),
    ]);
    if (!subject) return null;
    return { subject, record: key ? openFields(key, subject.sealed, fieldsIn(categories)) : {} };
  }

  async view(id: string, categories: readonly Category[]): Promise<SubjectPdView> {
    const found = await this.read(id, categories);
    if (!found) throw notFound('Subject');
    return toView(found.record);
  }

  async findIdBy(field: SearchableField, value: string): Promise<string | null> {
    const subject = await this.subjects.findOne({
      where: { [INDEX_COLUMN[field]]: this.indexOf(field, normalise(field, value)) },
      select: { id: true },
    });
    return subject?.id ?? null;
  }

  /** Applies a change with the same validation as registration and keeps its history (P6, P18). */
  async change(
    id: string,
    dto: SubjectChangesDto,
    actor: ChangeActor,
    tx?: Tx,
  ): Promise<SubjectPdView> {
    const change = toRecord(dto);
    const emptied = change.cleared.filter((field) => REQUIRED.includes(field));
    if (emptied.length > 0) {
      throw validationFailed(
        emptied.map((field) => ({ field, constraints: [`${field} cannot be removed`] })),
      );
    }
    return this.transactions.within(tx, async (work) => {
      const subject = await work.manager.findOneBy(Subject, { id });
      const key = subject && !subject.depersonalizedAt ? await this.vault.keyFor(id, work) : null;
      if (!subject || !key) throw notFound('Subject');
      const current = openFields(key, subject.sealed, Object.keys(subject.sealed) as PdField[]);
      const changed = changedFields(current, change);
      await this.assertUnique(change.values, id, work);
      const sealed = { ...subject.sealed };
      for (const field of changed) {
        if (field in change.values) sealed[field] = key.seal(field, change.values[field]!);
        else delete sealed[field];
      }
      const updated = await work.manager.update(
        Subject,
        { id, version: subject.version },
        {
          sealed,
          ...this.indexes({ ...current, ...change.values }),
          preferredLanguage: dto.preferredLanguage ?? subject.preferredLanguage,
          version: subject.version + 1,
          updatedAt: this.clock.now(),
        },
      );
      if (updated.affected !== 1) {
        throw new AppError(
          'CONCURRENT_CHANGE',
          'The subject was changed by another request meanwhile; retry',
        );
      }
      await this.recordHistory(key, current, changed, actor, work);
      const after = { ...current, ...change.values };
      for (const field of change.cleared) delete after[field];
      return toView(after);
    });
  }

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

  private async recordHistory(
    key: DataKey,
    before: PdRecord,
    fields: PdField[],
    actor: ChangeActor,
    tx: Tx,
  ): Promise<void> {
    if (fields.length === 0) return;
    const changedAt = this.clock.now();
    const rows = fields.map((field): SubjectChange => {
      const changeId = randomUUID();
      const old = before[field];
      return {
        id: changeId,
        subjectId: key.subjectId,
        field,
        oldValue: old === undefined ? null : key.seal(`change/${changeId}/${field}`, old),
        changedAt,
        actorKind: actor.kind,
        actorId: actor.id,
        channel: actor.channel,
        requestId: actor.requestId,
      };
    });
    await tx.manager.insert(SubjectChange, rows);
  }

  private indexOf(field: SearchableField, value: string | undefined): string | null {
    return value === undefined ? null : this.hash.digest(`subject:${field}`, value);
  }

  private indexes(values: PdRecord): Pick<Subject, 'emailIndex' | 'phoneIndex' | 'iinIndex'> {
    return {
      emailIndex: this.indexOf('email', values.email),
      phoneIndex: this.indexOf('phone', values.phone),
      iinIndex: this.indexOf('iin', values.iin),
    };
  }

  /** A duplicate email, phone or IIN is refused by name, before the database would refuse it. */
  private async assertUnique(values: PdRecord, self: string | undefined, tx: Tx): Promise<void> {
    const wanted = SEARCHABLE_FIELDS.map(
      (field) => [field, this.indexOf(field, values[field])] as const,
    ).filter((entry): entry is readonly [SearchableField, string] => entry[1] !== null);
    if (wanted.length === 0) return;
    const others = await tx.manager.find(Subject, {
      where: wanted.map(([field, index]) => ({ [INDEX_COLUMN[field]]: index })),
      select: { id: true, emailIndex: true, phoneIndex: true, iinIndex: true },
    });
    for (const [field, index] of wanted) {
      if (others.some((other) => other.id !== self && other[INDEX_COLUMN[field]] === index)) {
        throw new AppError('ALREADY_EXISTS', `A subject with this ${field} is already registered`, {
          field,
        });
      }
    }
  }

  private async insertOrExplain(subject: Subject, values: PdRecord, tx: Tx): Promise<void> {
    try {
      await tx.manager.insert(Subject, subject);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.assertUnique(values, subject.id, tx);
      throw error;
    }
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

export function sealAll(key: DataKey, values: PdRecord): Partial<Record<PdField, string>> {
  return Object.fromEntries(
    Object.entries(values).map(([field, value]) => [field, key.seal(field, value)]),
  );
}

export function openFields(
  key: DataKey,
  sealed: Partial<Record<PdField, string>>,
  fields: PdField[],
): PdRecord {
  const record: PdRecord = {};
  for (const field of fields) {
    const value = sealed[field];
    if (value !== undefined) record[field] = key.open(field, value);
  }
  return record;
}

function changedFields(current: PdRecord, change: RecordChange): PdField[] {
  const set = (Object.keys(change.values) as PdField[]).filter(
    (field) => current[field] !== change.values[field],
  );
  const cleared = change.cleared.filter((field) => current[field] !== undefined);
  return [...set, ...cleared];
}
