import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThanOrEqual, Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { DataKey } from '../crypto/envelope';
import type { Tx } from '../database/transactions';
import { fromDbTime } from '../database/db-time';
import { Consent } from './consent.entity';
import type { ConsentRecord } from './consent-state';
import { PolicyVersion } from './policy-version.entity';
import { ConsentAction, ConsentPurpose } from './vocabulary';

export interface ConsentEvidence {
  ip: string;
  userAgent: string;
}

export interface NewRecord {
  key: DataKey;
  purpose: ConsentPurpose;
  action: ConsentAction;
  policyVersionId: string;
  at: Date;
  channel: string;
  evidence: ConsentEvidence;
  recordedBy: Pick<Principal, 'kind' | 'id'>;
}

export interface Holder {
  subjectId: string;
  policyVersionId: string;
  since: Date;
}

const RECORD_COLUMNS = {
  id: true,
  purpose: true,
  action: true,
  policyVersionId: true,
  at: true,
  channel: true,
  recordedByKind: true,
} as const;

/** Written once: the latest record of a purpose, by the unique index (subjectId, purpose, at). */
const LATEST_SQL =
  'SELECT id, action, policyVersionId, `at` FROM consents WHERE subjectId = ? AND purpose = ? ORDER BY `at` DESC LIMIT 1';

/** The same, as columns of the users module's subject statement (`s.id`), for the hot path. */
const latestColumn = (column: string, alias: string): string =>
  `(SELECT l.${column} FROM consents l WHERE l.subjectId = s.id AND l.purpose = ? ORDER BY l.\`at\` DESC LIMIT 1) AS ${alias}`;
const LATEST_ALONGSIDE = [
  latestColumn('action', 'consentAction'),
  latestColumn('`at`', 'consentAt'),
  latestColumn('policyVersionId', 'consentPolicyVersionId'),
].join(', ');

export type LatestRecord = Pick<ConsentRecord, 'action' | 'policyVersionId' | 'at'>;

/**
 * The consents table: records are inserted, never updated or deleted. Only the consents
 * feature reads or writes it; other features ask ConsentsService.
 */
@Injectable()
export class ConsentLedger {
  constructor(@InjectRepository(Consent) private readonly consents: Repository<Consent>) {}

  /** Appends a record; the evidence is sealed under the subject's data key. */
  async append(record: NewRecord, tx: Tx): Promise<Consent> {
    const id = randomUUID();
    const consent: Consent = {
      id,
      subjectId: record.key.subjectId,
      purpose: record.purpose,
      action: record.action,
      policyVersionId: record.policyVersionId,
      at: record.at,
      channel: record.channel,
      evidence: record.key.seal(`consent/${id}/evidence`, JSON.stringify(record.evidence)),
      recordedByKind: record.recordedBy.kind,
      recordedBy: record.recordedBy.id,
    };
    await tx.manager.insert(Consent, consent);
    return consent;
  }

  /** The subject's records up to `until` (all when omitted), oldest first. */
  records(subjectId: string, until?: Date, tx?: Tx): Promise<ConsentRecord[]> {
    const repository = tx ? tx.manager.getRepository(Consent) : this.consents;
    return repository.find({
      select: RECORD_COLUMNS,
      where: until ? { subjectId, at: LessThanOrEqual(until) } : { subjectId },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  find(subjectId: string, id: string): Promise<ConsentRecord | null> {
    return this.consents.findOne({ select: RECORD_COLUMNS, where: { id, subjectId } });
  }

  /** The latest record of one purpose: one indexed read. */
  async latest(subjectId: string, purpose: ConsentPurpose): Promise<LatestRecord | null> {
    const rows: Array<{ action: ConsentAction; policyVersionId: string; at: unknown }> =
      await this.consents.query(LATEST_SQL, [subjectId, purpose]);
    const row = rows[0];
    return row
      ? { action: row.action, policyVersionId: row.policyVersionId, at: fromDbTime(row.at) }
      : null;
  }

  /**
   * The latest record of `purpose` as columns to read alongside the subject's standing
   * (SubjectsService.standingWith), and how to read them back: the check's one round trip.
   */
  latestAlongside(purpose: ConsentPurpose): {
    columns: string;
    params: ConsentPurpose[];
    read: (row: Record<string, unknown>) => LatestRecord | null;
  } {
    return {
      columns: LATEST_ALONGSIDE,
      params: [purpose, purpose, purpose],
      read: (row) =>
        row.consentAction == null
          ? null
          : {
              action: row.consentAction as ConsentAction,
              policyVersionId: row.consentPolicyVersionId as string,
              at: fromDbTime(row.consentAt),
            },
    };
  }

  /**
   * Whether each purpose's latest record is a grant, as columns to read alongside the
   * subject's standing: the transfer check's consents in the same round trip.
   */
  givenAlongside<P extends ConsentPurpose>(
    purposes: readonly P[],
  ): {
    columns: string;
    params: P[];
    read: (row: Record<string, unknown>) => Record<P, boolean>;
  } {
    return {
      columns: purposes.map((purpose) => latestColumn('action', `given_${purpose}`)).join(', '),
      params: [...purposes],
      read: (row) =>
        Object.fromEntries(
          purposes.map((purpose) => [purpose, row[`given_${purpose}`] === ConsentAction.GRANTED]),
        ) as Record<P, boolean>,
    };
  }

  /**
   * Subjects whose consent to PD_PROCESSING is in force under a version published
   * before `version` (P20): they accepted an earlier policy and not this one. A page at
   * a time in subject id order; the unique index (subjectId, purpose, at) serves both
   * the order and the "no later record" probe.
   */
  async holdersOfEarlier(
    version: Pick<PolicyVersion, 'id' | 'publishedAt'>,
    page: { after?: string; limit: number },
    tx?: Tx,
  ): Promise<Holder[]> {
    const query = this.holdersQuery(version, tx)
      .select('c.subjectId', 'subjectId')
      .addSelect('c.policyVersionId', 'policyVersionId')
      .addSelect('c.at', 'at')
      .orderBy('c.subjectId', 'ASC')
      .limit(page.limit);
    if (page.after) query.andWhere('c.subjectId > :after', { after: page.after });
    const rows = await query.getRawMany<{
      subjectId: string;
      policyVersionId: string;
      at: unknown;
    }>();
    return rows.map((row) => ({
      subjectId: row.subjectId,
      policyVersionId: row.policyVersionId,
      since: fromDbTime(row.at),
    }));
  }

  async countHoldersOfEarlier(version: Pick<PolicyVersion, 'id' | 'publishedAt'>): Promise<number> {
    const row = await this.holdersQuery(version)
      .select('COUNT(*)', 'n')
      .getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  private holdersQuery(version: Pick<PolicyVersion, 'id' | 'publishedAt'>, tx?: Tx) {
    const repository = tx ? tx.manager.getRepository(Consent) : this.consents;
    return repository
      .createQueryBuilder('c')
      .innerJoin(PolicyVersion, 'v', 'v.id = c.policyVersionId')
      .where('c.purpose = :purpose AND c.action = :granted', {
        purpose: ConsentPurpose.PD_PROCESSING,
        granted: ConsentAction.GRANTED,
      })
      .andWhere('c.policyVersionId <> :versionId AND v.publishedAt <= :publishedAt', {
        versionId: version.id,
        publishedAt: version.publishedAt,
      })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM consents later WHERE later.subjectId = c.subjectId AND later.purpose = c.purpose AND later.at > c.at)',
      );
  }
}
