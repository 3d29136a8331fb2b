import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { type Tx, Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { DataKey, open, seal } from './envelope';
import { SubjectKey } from './subject-key.entity';

export const wrapContext = (subjectId: string): string => `dek/${subjectId}`;

/**
 * Envelope encryption of subjects' PD: one random data key per subject, stored wrapped
 * by a master key that carries an id. Rotation re-wraps data keys onto the current master
 * key without touching a single PD value; destroying a data key shreds the subject.
 */
@Injectable()
export class Vault {
  constructor(
    @InjectRepository(SubjectKey) private readonly keys: Repository<SubjectKey>,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(subjectId: string, tx: Tx): Promise<DataKey> {
    const dek = randomBytes(32);
    await tx.manager.insert(SubjectKey, {
      ...this.wrap(subjectId, dek),
      createdAt: this.clock.now(),
    });
    return new DataKey(subjectId, dek);
  }

  /** The subject's data key, or null once destroyed. */
  async keyFor(subjectId: string, tx?: Tx): Promise<DataKey | null> {
    const repository = tx ? tx.manager.getRepository(SubjectKey) : this.keys;
    const row = await repository.findOneBy({ subjectId });
    return row && new DataKey(subjectId, this.unwrap(row));
  }

  /** A data key from its stored row, read by the caller along with other columns. */
  open(row: Pick<SubjectKey, 'subjectId' | 'masterKeyId' | 'wrappedKey'>): DataKey {
    return new DataKey(row.subjectId, this.unwrap(row));
  }

  async destroy(subjectId: string, tx: Tx): Promise<void> {
    await tx.manager.delete(SubjectKey, { subjectId });
  }

  /**
   * Re-wraps every data key not yet under the current master key, in batches. Each row is
   * updated only if no one re-wrapped it meanwhile, so it can run beside live traffic and
   * be run again after an interruption.
   */
  async rotate(
    batchSize = 500,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ rewrapped: number; current: string }> {
    const current = this.config.keys.currentMasterKeyId;
    const total = onProgress ? await this.keys.countBy({ masterKeyId: Not(current) }) : 0;
    let rewrapped = 0;
    let done = 0;
    for (;;) {
      const batch = await this.keys.find({ where: { masterKeyId: Not(current) }, take: batchSize });
      if (batch.length === 0) return { rewrapped, current };
      for (const row of batch) {
        const next = this.wrap(row.subjectId, this.unwrap(row));
        const result = await this.transactions.write((db) =>
          db.update(SubjectKey, { subjectId: row.subjectId, masterKeyId: row.masterKeyId }, next),
        );
        rewrapped += result.affected ?? 0;
        onProgress?.(++done, Math.max(total, done));
      }
    }
  }

  private wrap(
    subjectId: string,
    dek: Buffer,
  ): Pick<SubjectKey, 'subjectId' | 'masterKeyId' | 'wrappedKey'> {
    const masterKeyId = this.config.keys.currentMasterKeyId;
    const master = this.config.keys.masterKeys.get(masterKeyId)!;
    return { subjectId, masterKeyId, wrappedKey: seal(master, wrapContext(subjectId), dek) };
  }

  /**
   * A data key wrapped under a master key this instance does not have (an instance
   * started without the key a rotation moved to), or one its key does not open, is a
   * 503 KEY_UNAVAILABLE: the data is fine, this instance cannot read it. The key id goes
   * to the log, for the operator; the caller learns nothing about the keys.
   */
  private unwrap(row: Pick<SubjectKey, 'subjectId' | 'masterKeyId' | 'wrappedKey'>): Buffer {
    const master = this.config.keys.masterKeys.get(row.masterKeyId);
    if (!master) throw keyUnavailable(row.masterKeyId, 'not configured in MASTER_KEYS');
    try {
      return open(master, wrapContext(row.subjectId), row.wrappedKey);
    } catch {
      throw keyUnavailable(row.masterKeyId, 'does not open the data key');
    }
  }
}

function keyUnavailable(masterKeyId: string, why: string): AppError {
  return new AppError(
    'KEY_UNAVAILABLE',
    'The key this data is sealed under is not available on this instance',
    undefined,
    { masterKeyId, why },
  );
}
