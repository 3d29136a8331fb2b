import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
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
import { type Channel, Language, VerificationStatus } from './vocabulary';

export interface ChangeActor {
  kind: PrincipalKind;
  id: string;
  channel: Channel;
  requestId: string;
}

const REQUIRED: PdField[] = ['surname', 'givenName', 'email', 'phone', 'iin'];
const INDEX_COLUMN = { email: 'emailIndex', phone: 'phoneIndex', iin: 'iinIndex' } as const;

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
