import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DataSource } from 'typeorm';
import { ActorKind, AuditAction, AuditOutcome } from '../audit/audit-actions';
import { SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { ErasureLedger } from '../erasure-ledger/erasure-ledger';
import { MediaRegister } from '../media/media-register';
import { MediumKind } from '../media/vocabulary';
import { CATEGORIES } from '../pd/vocabulary';
import { BackupError, BackupRefusal } from './backup-error';
import { FrameEncryptor, newHeader } from './backup-cipher';
import { columnsOf, rowsOf, tablesInOrder } from './backup-tables';
import { appliedMigrations, withSnapshot } from './snapshot';

const DAY = 86_400_000;
/** Lines are handed to gzip in pieces of about this size, not one row at a time. */
const PIECE_CHARS = 64 * 1024;

export interface BackupSummary {
  file: string;
  sha256: string;
  bytes: number;
  keyId: string;
  mediumId: string;
  createdAt: string;
  destroyBy: string;
  tables: Record<string, number>;
  rows: number;
  ledgerSeq: number;
  durationMs: number;
}

export type BackupProgress = (rows: number, total: number) => void;

/**
 * `npm run cli -- backup` (P11.5): a logical, driver-independent copy of every table the
 * service owns, read from one consistent snapshot in primary-key pages, as JSON lines
 * (`{table, columns}` then one array per row, then `{end}` with the counts), gzipped,
 * encrypted in authenticated frames under BACKUP_KEY (backup-cipher.ts) and written
 * through a stream pipeline, so memory does not grow with the database. It is written to
 * a temporary name, fsynced and renamed, so a file at the given path is always whole;
 * `FILE.sha256` beside it holds its checksum (`sha256sum -c` reads it). Then it is
 * registered as a BACKUP medium (P11.3) with its audit entry, in one transaction; the
 * medium's id and what the register says of it are in the file's header, so that a
 * restore registers it in the restored database too (Restores).
 */
@Injectable()
export class Backups {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly ledger: ErasureLedger,
    private readonly media: MediaRegister,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async create(
    out: string,
    options: { destination?: string; onProgress?: BackupProgress } = {},
  ): Promise<BackupSummary> {
    const keyId = this.config.backup.currentKeyId;
    if (!keyId)
      throw new BackupError(BackupRefusal.NO_BACKUP_KEY, 'BACKUP_KEY must be set to back up');
    const started = performance.now();
    // The ledger this backup will need at its restore exists from now on, even if empty.
    await this.ledger.ensureFile();
    const file = resolve(out);
    const partial = `${file}.partial-${randomUUID()}`;
    const createdAt = this.clock.now();
    const destroyBy = new Date(createdAt.getTime() + this.config.backup.retentionDays * DAY);
    const destination = options.destination ?? `file ${file}`;
    const mediumId = randomUUID();
    const tables: Record<string, number> = {};
    const digest = createHash('sha256');
    let bytes = 0;
    let subjects = 0;
    let ledgerSeq = 0;
    try {
      await withSnapshot(this.dataSource, async (runner) => {
        const manager = runner.manager;
        const metas = tablesInOrder(this.dataSource);
        const head = await this.ledger.head(manager);
        ledgerSeq = head.seq;
        const counts = await Promise.all(metas.map((meta) => manager.count(meta.target)));
        const total = counts.reduce((sum, n) => sum + n, 0);
        subjects = await manager
          .createQueryBuilder()
          .from('subjects', 's')
          .where('s.depersonalizedAt IS NULL')
          .getCount();
        const { header, key } = newHeader(keyId, this.config.backup.keys.get(keyId)!, {
          createdAt: createdAt.toISOString(),
          sourceDriver: this.dataSource.options.type,
          migrations: await appliedMigrations(runner),
          ledger: head,
          medium: {
            id: mediumId,
            subjectCount: subjects,
            destination,
            destroyBy: destroyBy.toISOString(),
          },
        });
        let done = 0;
        async function* lines(): AsyncGenerator<string> {
          let piece = '';
          for (const meta of metas) {
            tables[meta.tableName] = 0;
            piece += `${JSON.stringify({ table: meta.tableName, columns: columnsOf(meta) })}\n`;
            for await (const row of rowsOf(manager, meta)) {
              piece += `${JSON.stringify(row)}\n`;
              tables[meta.tableName]++;
              if (++done % 1000 === 0) options.onProgress?.(done, Math.max(done, total));
              if (piece.length >= PIECE_CHARS) {
                yield piece;
                piece = '';
              }
            }
          }
          yield `${piece}${JSON.stringify({ end: { tables } })}\n`;
          options.onProgress?.(done, Math.max(done, total));
        }
        const measure = new Transform({
          transform(chunk: Buffer, _, next) {
            digest.update(chunk);
            bytes += chunk.length;
            next(null, chunk);
          },
        });
        await pipeline(
          Readable.from(lines()),
          createGzip(),
          new FrameEncryptor(key, JSON.stringify(header)),
          measure,
          createWriteStream(partial, { mode: 0o600 }),
        );
      });
      await fsync(partial);
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const sha256 = digest.digest('hex');
    await writeFile(`${file}.sha256`, `${sha256}  ${basename(file)}\n`, { mode: 0o600 });
    await this.transactions.run(async (tx) => {
      await this.media.register(
        {
          id: mediumId,
          kind: MediumKind.BACKUP,
          makerKind: ActorKind.SYSTEM,
          makerId: null,
          purpose: null,
          orderIds: [],
          subjectIds: null,
          subjectCount: subjects,
          categories: CATEGORIES,
          content: { sizeBytes: bytes, sha256 },
          encrypted: true,
          keyId,
          destination,
          createdAt,
          destroyBy,
        },
        tx,
      );
      await this.trail.record(
        {
          ...SYSTEM_ORIGIN,
          action: AuditAction.BACKUP_CREATE,
          outcome: AuditOutcome.ALLOWED,
          targetId: mediumId,
          reason: `${Object.values(tables).reduce((a, b) => a + b, 0)} rows, ${bytes} bytes, key ${keyId}`,
        },
        tx,
      );
    });
    return {
      file,
      sha256,
      bytes,
      keyId,
      mediumId,
      createdAt: createdAt.toISOString(),
      destroyBy: destroyBy.toISOString(),
      tables,
      rows: Object.values(tables).reduce((a, b) => a + b, 0),
      ledgerSeq,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
