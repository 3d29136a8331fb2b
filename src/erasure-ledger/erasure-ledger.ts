import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AppError } from '../errors/app-error';
import type { Tx } from '../database/transactions';
import { ErasureEntry, ErasureLedgerHead, LEDGER_HEAD } from './erasure-entry.entity';
import { appendLine } from './ledger-file';
import { fromLine, type LedgerLine, ledgerGenesis, ledgerHash, toLine } from './ledger-hash';

/**
 * The erasure ledger (issue 13 §3): every depersonalization, in the database and in the
 * file `ERASURE_LEDGER_PATH`, which the operator keeps apart from the backups so that a
 * restore can re-apply every erasure made after the backup was taken.
 *
 * Order, and what a crash leaves. `append` runs inside the erasure's transaction: it
 * takes the chain's next place (the head row's lock), inserts the row, and then writes
 * the line to the file and fsyncs it, all before the transaction commits. So:
 * - a crash (or rollback) after the line is durable but before the commit leaves a line
 *   the database lacks: the subject may be erased on a later restore though that erasure
 *   never committed. That is the side we choose to err on: the erasure was claimed and
 *   under way (a deletion the subject asked for, a retention term that had ended), and
 *   the opposite error would bring deleted PD back. Such a line is not silent: its seq is
 *   taken again by the next entry, so the file holds two lines for one place, and
 *   `restore` reports it as `uncommitted` (and erases that subject too).
 * - a failed file write (disk full, no such directory) fails the transaction: no erasure
 *   is committed without its line, and the caller gets the error.
 * The database never holds an entry the file lacks, except when the file is lost or
 * replaced, which the hash chain shows on the next restore (a gap or a foreign chain).
 */
@Injectable()
export class ErasureLedger implements OnApplicationBootstrap {
  private readonly key: Buffer;

  constructor(
    private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {
    this.key = config.keys.auditKey;
  }

  /**
   * A serving instance makes the file if it is missing, so that "no file" at a restore
   * means lost, never "no erasure yet"; an unwritable path stops the start. A command
   * does not (`restore` must find the operator's file, not one it made itself).
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.http.httpAdapter) await this.ensureFile();
  }

  /** Creates the (empty) file if missing; the backup command calls it too. */
  ensureFile(): Promise<void> {
    return appendLine(this.path, null);
  }

  get path(): string {
    return this.config.erasureLedger.path;
  }

  async append(subjectId: string, reason: string, erasedAt: Date, tx: Tx): Promise<ErasureEntry> {
    const head = await this.advance(tx.manager);
    const body = {
      seq: head.seq,
      id: randomUUID(),
      subjectId,
      reason,
      erasedAt: erasedAt.toISOString(),
      prevHash: head.hash,
    };
    const line: LedgerLine = { ...body, hash: ledgerHash(this.key, body) };
    const entry = fromLine(line);
    await this.store(entry, tx.manager);
    try {
      await appendLine(this.path, line);
    } catch (error) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The erasure ledger cannot be written: nothing was erased; retry later',
        undefined,
        { ledger: 'file', errno: (error as NodeJS.ErrnoException).code ?? 'unknown' },
      );
    }
    return entry;
  }

  /**
   * At a restore: an entry read from the file, already verified, goes into the table as
   * it is (same place, same hash), so the restored ledger continues the same chain. It is
   * not written to the file again: it is there.
   */
  async adopt(line: LedgerLine, tx: Tx): Promise<void> {
    const head = await this.advance(tx.manager);
    if (head.seq !== line.seq || head.hash !== line.prevHash) {
      throw new Error(`the erasure ledger's head is not where entry ${line.seq} continues it`);
    }
    await this.store(fromLine(line), tx.manager);
  }

  /** The head as it stands (the place of the last entry and its hash; the genesis at 0). */
  async head(manager: EntityManager): Promise<{ seq: number; hash: string }> {
    const row = await manager.findOneBy(ErasureLedgerHead, { name: LEDGER_HEAD });
    if (!row) throw new Error('The erasure ledger has no head row (migrations not applied?)');
    return { seq: row.seq, hash: row.hash || ledgerGenesis(this.key) };
  }

  /** True when the line was made with this service's key and says what its hash vouches for. */
  authentic(line: LedgerLine): boolean {
    const { hash, ...body } = line;
    return ledgerHash(this.key, body) === hash;
  }

  /** Takes the next place: the UPDATE locks the head row first, on every driver. */
  private async advance(manager: EntityManager): Promise<{ seq: number; hash: string }> {
    const { affected } = await manager
      .createQueryBuilder()
      .update(ErasureLedgerHead)
      .set({ seq: () => 'seq + 1' })
      .where('name = :name', { name: LEDGER_HEAD })
      .execute();
    if (affected !== 1) throw new Error('The erasure ledger has no head row');
    return this.head(manager);
  }

  private async store(entry: ErasureEntry, manager: EntityManager): Promise<void> {
    await manager.insert(ErasureEntry, entry);
    await manager.update(ErasureLedgerHead, { name: LEDGER_HEAD }, { hash: entry.hash });
  }

  toLine(entry: ErasureEntry): LedgerLine {
    return toLine(entry);
  }
}
