import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type EntityManager, IsNull, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { openUnderMaster, sealUnderMaster } from '../crypto/master-seal';
import { resealAll, type ResealReport } from '../crypto/reseal';
import { isDuplicateKey } from '../database/db-errors';
import { Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyStatus } from './vocabulary';

/**
 * How long a request holds its key before it is presumed dead. Longer than any request
 * may run (the work's own transaction also checks that it still holds the key, so a
 * holder that outlived it cannot commit after a successor took over).
 */
export const HOLD_MS = 5 * 60_000;

export interface KeyedRequest {
  principalKind: string;
  principalId: string;
  keyHash: string;
  fingerprint: string;
}

export type Begun =
  | { kind: 'claimed'; id: string; token: string }
  | { kind: 'replay'; status: number; body: unknown };

const sealContext = (id: string): string => `idempotency/${id}`;

/** The idempotency_keys table: claim, record, replay and release of keys (issue 14 §3). */
@Injectable()
export class IdempotencyKeys {
  private readonly logger = new Logger(IdempotencyKeys.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims the key for this request, or says what the first request with it answered.
   * Refuses a key used with another request (IDEMPOTENCY_KEY_REUSED) and one whose first
   * request is still running, or died after its work committed (IDEMPOTENCY_IN_PROGRESS).
   */
  async begin(request: KeyedRequest): Promise<Begun> {
    for (let round = 0; round < 3; round++) {
      const claimed = await this.insert(request);
      if (claimed) return claimed;
      const row = await this.transactions.write((db) =>
        db.findOneBy(IdempotencyKey, {
          principalKind: request.principalKind,
          principalId: request.principalId,
          keyHash: request.keyHash,
        }),
      );
      if (!row) continue; // expired and removed meanwhile: claim it anew
      const now = this.clock.now();
      if (row.expiresAt <= now) {
        await this.transactions.write((db) =>
          db.delete(IdempotencyKey, { id: row.id, expiresAt: row.expiresAt }),
        );
        continue;
      }
      if (row.fingerprint !== request.fingerprint) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another request; use a new key',
        );
      }
      if (row.status === IdempotencyStatus.COMPLETED) return this.replay(row);
      if (row.lockedUntil > now || row.workCommitted) throw inProgress();
      // The holder died before its work committed: nothing was done, so take the key over.
      const token = randomUUID();
      const taken = await this.transactions.write((db) =>
        db.update(
          IdempotencyKey,
          { id: row.id, claimToken: row.claimToken, workCommitted: false },
          { claimToken: token, lockedUntil: new Date(now.getTime() + HOLD_MS) },
        ),
      );
      if (taken.affected === 1) return { kind: 'claimed', id: row.id, token };
      throw inProgress();
    }
    throw inProgress();
  }

  /**
   * Inside the work's transaction: the work is done under this key. Throws (rolling the
   * work back) when the request no longer holds the key.
   */
  async markWorkDone(manager: EntityManager, id: string, token: string): Promise<void> {
    const result = await manager.update(
      IdempotencyKey,
      { id, claimToken: token },
      { workCommitted: true },
    );
    if (result.affected !== 1) throw inProgress();
  }

  /** The answer, sealed, for every later request with the key. */
  async complete(id: string, token: string, status: number, body: unknown): Promise<void> {
    const { sealed: responseSealed, masterKeyId } = sealUnderMaster(
      this.config.keys,
      sealContext(id),
      Buffer.from(JSON.stringify(body ?? null), 'utf8'),
    );
    await this.transactions.write((db) =>
      db.update(
        IdempotencyKey,
        { id, claimToken: token },
        {
          status: IdempotencyStatus.COMPLETED,
          responseStatus: status,
          responseSealed,
          masterKeyId,
        },
      ),
    );
  }

  /**
   * The request failed. When none of its work committed the key is freed, so a retry
   * does the work; when some did (it failed after a commit), the key stays taken: a
   * redo could do the work twice.
   */
  async release(id: string, token: string, workCommitted: boolean): Promise<void> {
    if (workCommitted) return;
    await this.transactions.write((db) => db.delete(IdempotencyKey, { id, claimToken: token }));
  }

  /** Keys past IDEMPOTENCY_TTL_HOURS, removed by the maintenance job. */
  async purgeExpired(): Promise<number> {
    const result = await this.transactions.write((db) =>
      db.delete(IdempotencyKey, { expiresAt: LessThanOrEqual(this.clock.now()) }),
    );
    return result.affected ?? 0;
  }

  /**
   * `keys:rotate`: every stored answer sealed under another master key, re-sealed under
   * the current one, so a retry still replays once the old key is retired.
   */
  reseal(onProgress?: (done: number, total: number) => void): Promise<ResealReport> {
    const current = this.config.keys.currentMasterKeyId;
    const underAnother = { masterKeyId: Not(current), responseSealed: Not(IsNull()) };
    return resealAll<IdempotencyKey>(
      {
        count: () => this.transactions.write((db) => db.countBy(IdempotencyKey, underAnother)),
        batch: (after, take) =>
          this.transactions.write((db) =>
            db.find(IdempotencyKey, {
              where: { ...underAnother, ...(after ? { id: MoreThan(after) } : {}) },
              order: { id: 'ASC' },
              take,
            }),
          ),
        reseal: async (row) => {
          const answer = this.open(row);
          if (answer === null) return 'unreadable';
          const { sealed, masterKeyId } = sealUnderMaster(
            this.config.keys,
            sealContext(row.id),
            answer,
          );
          const result = await this.transactions.write((db) =>
            db.update(
              IdempotencyKey,
              { id: row.id, masterKeyId: row.masterKeyId!, responseSealed: row.responseSealed! },
              { responseSealed: sealed, masterKeyId },
            ),
          );
          return result.affected === 1 ? 'resealed' : 'changed';
        },
      },
      onProgress,
    );
  }

  private open(row: IdempotencyKey): Buffer | null {
    if (row.masterKeyId === null || row.responseSealed === null) return null;
    return openUnderMaster(
      this.config.keys,
      { masterKeyId: row.masterKeyId, sealed: row.responseSealed },
      sealContext(row.id),
    );
  }

  private async insert(request: KeyedRequest): Promise<Begun | null> {
    const now = this.clock.now();
    const id = randomUUID();
    const token = randomUUID();
    try {
      await this.transactions.write((db) =>
        db.insert(IdempotencyKey, {
          id,
          ...request,
          status: IdempotencyStatus.IN_PROGRESS,
          claimToken: token,
          lockedUntil: new Date(now.getTime() + HOLD_MS),
          workCommitted: false,
          responseStatus: null,
          responseSealed: null,
          masterKeyId: null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + this.config.idempotency.ttlHours * 3_600_000),
        }),
      );
      return { kind: 'claimed', id, token };
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  private replay(row: IdempotencyKey): Begun {
    const answer = this.open(row);
    if (answer === null || row.responseStatus === null) {
      throw new AppError(
        'KEY_UNAVAILABLE',
        'The key this data is sealed under is not available on this instance',
        undefined,
        { masterKeyId: row.masterKeyId ?? 'none', why: 'idempotent answer' },
      );
    }
    const body: unknown = JSON.parse(answer.toString('utf8'));
    this.logger.debug({ idempotencyKeyId: row.id }, 'idempotent answer replayed');
    return { kind: 'replay', status: row.responseStatus, body };
  }
}

function inProgress(): AppError {
  return new AppError(
    'IDEMPOTENCY_IN_PROGRESS',
    'A request with this Idempotency-Key is still in progress; retry later',
  );
}
