import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Duplex, type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { DataSource, type EntityManager } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { ActorKind, AuditAction, AuditOutcome } from '../audit/audit-actions';
import { SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { AuditVerifier, type VerifyReport } from '../audit/audit-verifier';
import { REGISTRY_CHAIN_ID } from '../audit/lane-registry';
import { AppConfig } from '../config/app-config';
import { migrate } from '../database/migration-lease';
import { Transactions } from '../database/transactions';
import { ErasureLedger } from '../erasure-ledger/erasure-ledger';
import { MediaRegister } from '../media/media-register';
import { Medium } from '../media/medium.entity';
import { MediumKind } from '../media/vocabulary';
import { CATEGORIES } from '../pd/vocabulary';
import type { LedgerLine } from '../erasure-ledger/ledger-hash';
import { SubjectErasure } from '../subjects/subject-erasure';
import { type BackupHeader, FrameDecryptor } from './backup-cipher';
import { BackupError, BackupRefusal } from './backup-error';
import { type RowWriter, tablesInOrder, writerFor } from './backup-tables';
import { type LedgerPlan, planErasures } from './ledger-plan';
import { appliedMigrations } from './snapshot';

const DAY = 86_400_000;
/** Rows committed per transaction while restoring. */
const ROWS_PER_TRANSACTION = 5000;

export interface RestoreOptions {
  /** The expected SHA-256; default: the first word of `FILE.sha256`. */
  sha256?: string;
  /** Ledger files; default: ERASURE_LEDGER_PATH. */
  ledgers?: string[];
  withoutLedger?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface RestoreReport {
  ok: boolean;
  file: string;
  sha256: string;
  backupCreatedAt: string;
  sourceDriver: string;
  tables: Record<string, number>;
  rows: number;
  /**
   * Erasures re-applied from the ledger (`uncommitted` of them from lines that never
   * committed), how many of those found a live row to tombstone, and whether there was
   * no ledger at all.
   */
  erasures: { reapplied: number; uncommitted: number; tombstoned: number; withoutLedger: boolean };
  /** The backup's own BACKUP medium, and whether the restore registered it (P11.3). */
  medium: { id: string; registered: boolean };
  trail: VerifyReport;
  /** The process's peak resident memory once the rows were in, and at the end (MiB). */
  peakRssMiB: { rows: number; end: number };
  durationMs: number;
}

/**
 * `npm run cli -- restore` (P11.5, P15.7). Everything that can refuse is checked before
 * a single row is written: the checksum, the key, every frame's tag (one full read), the
 * erasure ledger (ledger-plan.ts), that the database is empty and has the backup's
 * migrations. Then the rows go in, table by table in dependency order; every erasure the
 * ledger holds after the backup is re-applied (data key destroyed, tombstone), each in
 * its own transaction with its audit entry; the backup's own medium is registered (it is
 * not in its own snapshot); the restore itself is recorded (and that it ran
 * `--without-ledger`, if so); and the audit trail is verified.
 */
@Injectable()
export class Restores {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly ledger: ErasureLedger,
    private readonly erasure: SubjectErasure,
    private readonly trail: AuditTrail,
    private readonly verifier: AuditVerifier,
    private readonly media: MediaRegister,
  ) {}

  async restore(input: string, options: RestoreOptions = {}): Promise<RestoreReport> {
    const started = performance.now();
    const file = resolve(input);
    if (!existsSync(file))
      throw new BackupError(BackupRefusal.NOT_A_BACKUP, `${file} does not exist`);
    const sha256 = await this.checkChecksum(file, options.sha256);
    const header = await this.authenticate(file);
    const plan: LedgerPlan | null = options.withoutLedger
      ? null
      : await planErasures(
          options.ledgers?.length ? options.ledgers.map((f) => resolve(f)) : [this.ledger.path],
          header.ledger,
          (line) => this.ledger.authentic(line),
        );
    const metas = tablesInOrder(this.dataSource);
    await this.checkTarget(metas, header);

    const tables = await this.load(file, metas, options.onProgress);
    const rowsPeak = peakRssMiB();
    let tombstoned = 0;
    for (const line of plan?.chain ?? []) tombstoned += await this.reapply(line, true);
    for (const line of plan?.uncommitted ?? []) tombstoned += await this.reapply(line, false);
    const medium = await this.registerMedium(header, file, sha256);
    await this.trail.record({
      ...SYSTEM_ORIGIN,
      action: AuditAction.BACKUP_RESTORE,
      outcome: AuditOutcome.ALLOWED,
      reason: plan
        ? `backup of ${header.createdAt} (sha256 ${sha256.slice(0, 16)}): ${plan.chain.length} erasures re-applied from the ledger, ${plan.uncommitted.length} uncommitted`
        : `backup of ${header.createdAt} (sha256 ${sha256.slice(0, 16)}) restored WITHOUT the erasure ledger: erasures made after the backup were not re-applied`,
    });
    const trail = await this.verifier.verify();
    return {
      ok: trail.ok,
      file,
      sha256,
      backupCreatedAt: header.createdAt,
      sourceDriver: header.sourceDriver,
      tables,
      rows: Object.values(tables).reduce((a, b) => a + b, 0),
      erasures: {
        reapplied: plan ? plan.chain.length + plan.uncommitted.length : 0,
        uncommitted: plan?.uncommitted.length ?? 0,
        tombstoned,
        withoutLedger: plan === null,
      },
      medium,
      trail,
      peakRssMiB: { rows: rowsPeak, end: peakRssMiB() },
      durationMs: Math.round(performance.now() - started),
    };
  }

  private async checkChecksum(file: string, given?: string): Promise<string> {
    const sidecar = `${file}.sha256`;
    const expected = (
      given ?? (existsSync(sidecar) ? readFileSync(sidecar, 'utf8').split(/\s+/)[0] : '')
    ).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(expected))
      throw new BackupError(
        BackupRefusal.NO_CHECKSUM,
        `No checksum to check the backup against: keep ${sidecar} beside it or give --sha256`,
      );
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    const actual = hash.digest('hex');
    if (actual !== expected)
      throw new BackupError(
        BackupRefusal.CHECKSUM_MISMATCH,
        'The backup does not match its checksum: it is not the file that was made',
      );
    return actual;
  }

  /** Reads the whole file once, checking every frame's tag; nothing is kept. */
  private async authenticate(file: string): Promise<BackupHeader> {
    const decryptor = this.decryptor();
    await pipeline(
      createReadStream(file),
      decryptor,
      new Writable({ write: (_chunk, _encoding, next) => next() }),
    );
    return decryptor.header!;
  }

  private decryptor(): FrameDecryptor {
    return new FrameDecryptor((keyId) => this.config.backup.keys.get(keyId));
  }

  /**
   * Empty: no table holds a row, but for what any start writes on a new database (the
   * audit registry's empty checkpoint, the erasure ledger's empty head). Migrated: the
   * same migrations as the source; a database without any is migrated here first.
   */
  private async checkTarget(metas: EntityMetadata[], header: BackupHeader): Promise<void> {
    let applied = await appliedMigrations(this.dataSource).catch(() => [] as string[]);
    if (applied.length === 0) {
      await migrate(this.dataSource);
      applied = await appliedMigrations(this.dataSource);
    }
    if (JSON.stringify(applied) !== JSON.stringify(header.migrations))
      throw new BackupError(
        BackupRefusal.SCHEMA_MISMATCH,
        `The backup was taken at migration ${header.migrations.at(-1) ?? 'none'}; this database is at ${applied.at(-1) ?? 'none'}: restore with the version of the service that made it`,
      );
    for (const meta of metas) {
      const query = this.dataSource.createQueryBuilder(meta.target, 't');
      if (meta.tableName === 'audit_chains')
        query.where('NOT (t.id = :registry AND t.lastSeq = 0)', { registry: REGISTRY_CHAIN_ID });
      if (meta.tableName === 'erasure_ledger_head') query.where('t.seq <> 0');
      if ((await query.limit(1).getMany()).length > 0)
        throw new BackupError(
          BackupRefusal.NOT_EMPTY,
          `The database is not empty (table ${meta.tableName} has rows): restore only into a new, empty database`,
        );
    }
  }

  /** Streams the rows in, a transaction per few thousand; answers the counts per table. */
  private async load(
    file: string,
    metas: EntityMetadata[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<Record<string, number>> {
    const byName = new Map(metas.map((meta) => [meta.tableName, meta]));
    const size = statSync(file).size;
    let read = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _, next) {
        read += chunk.length;
        onProgress?.(read, size);
        next(null, chunk);
      },
    });
    const lines = linesOf(createReadStream(file), [counter, this.decryptor(), createGunzip()]);
    const counts: Record<string, number> = {};
    let table: { name: string; write: RowWriter; rowsPerInsert: number } | null = null;
    let batch: unknown[][] = [];
    let pending: Array<{ write: RowWriter; rows: unknown[][] }> = [];
    let pendingRows = 0;
    let first = true;
    let trailer: Record<string, number> | null = null;

    const flushBatch = () => {
      if (table && batch.length) pending.push({ write: table.write, rows: batch });
      pendingRows += batch.length;
      batch = [];
    };
    const commit = async () => {
      flushBatch();
      const work = pending;
      const clearFirst = first;
      pending = [];
      pendingRows = 0;
      first = false;
      await this.transactions.run(async (tx) => {
        if (clearFirst) await this.clearStartRows(tx.manager);
        for (const part of work) await part.write(tx.manager, part.rows);
      });
    };

    for await (const text of lines) {
      const value = JSON.parse(text) as unknown;
      if (Array.isArray(value)) {
        if (!table) throw notThisSchema('a row before its table');
        batch.push(value);
        counts[table.name]++;
        if (batch.length >= table.rowsPerInsert) flushBatch();
        if (pendingRows + batch.length >= ROWS_PER_TRANSACTION) await commit();
        continue;
      }
      const record = value as {
        table?: string;
        columns?: string[];
        end?: { tables: Record<string, number> };
      };
      if (record.end) {
        trailer = record.end.tables;
        continue;
      }
      flushBatch();
      const meta = byName.get(record.table ?? '');
      const writer = meta && writerFor(this.dataSource, meta, record.columns ?? []);
      if (!meta || !writer)
        throw notThisSchema(
          `table ${record.table} is not one of this service's, or has other columns`,
        );
      table = { name: meta.tableName, ...writer };
      counts[meta.tableName] = 0;
    }
    await commit();
    if (!trailer || JSON.stringify(trailer) !== JSON.stringify(counts))
      throw new BackupError(BackupRefusal.TAMPERED, 'The backup ended before its last table');
    return counts;
  }

  /** What a start wrote into the empty database, replaced by the backup's own rows. */
  private async clearStartRows(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM audit_chains WHERE id = ? AND lastSeq = 0', [
      REGISTRY_CHAIN_ID,
    ]);
    await manager.query('DELETE FROM erasure_ledger_head WHERE seq = 0');
  }

  /**
   * The restored register holds the medium of the very backup it came from (P11.3). A
   * backup registers itself once written, after its snapshot, so its row is never in the
   * file: it is registered here as the header states it (id, made by the system at the
   * header's time, subjects, destination, destroyBy), with the file's own size and the
   * checksum just checked, and its BACKUP_CREATE entry; unless the register already has
   * it. A file made before headers named their medium is registered under a new id.
   */
  private async registerMedium(
    header: BackupHeader,
    file: string,
    sha256: string,
  ): Promise<{ id: string; registered: boolean }> {
    const id = header.medium?.id ?? randomUUID();
    const createdAt = new Date(header.createdAt);
    const sizeBytes = statSync(file).size;
    return this.transactions.run(async (tx) => {
      if (await tx.manager.findOneBy(Medium, { id })) return { id, registered: false };
      const subjectCount =
        header.medium?.subjectCount ??
        (await tx.manager
          .createQueryBuilder()
          .from('subjects', 's')
          .where('s.depersonalizedAt IS NULL')
          .getCount());
      await this.media.register(
        {
          id,
          kind: MediumKind.BACKUP,
          makerKind: ActorKind.SYSTEM,
          makerId: null,
          purpose: null,
          orderIds: [],
          subjectIds: null,
          subjectCount,
          categories: CATEGORIES,
          content: { sizeBytes, sha256 },
          encrypted: true,
          keyId: header.keyId,
          destination: header.medium?.destination ?? `file ${file}`,
          createdAt,
          destroyBy: header.medium
            ? new Date(header.medium.destroyBy)
            : new Date(createdAt.getTime() + this.config.backup.retentionDays * DAY),
        },
        tx,
      );
      await this.trail.record(
        {
          ...SYSTEM_ORIGIN,
          action: AuditAction.BACKUP_CREATE,
          outcome: AuditOutcome.ALLOWED,
          targetId: id,
          reason: `registered at the restore of the backup of ${header.createdAt}: ${sizeBytes} bytes, key ${header.keyId}`,
        },
        tx,
      );
      return { id, registered: true };
    });
  }

  private async reapply(line: LedgerLine, committed: boolean): Promise<number> {
    return this.transactions.run(async (tx) => {
      const tombstoned = await this.erasure.reapply(line, tx, { adopt: committed });
      await this.trail.record(
        {
          ...SYSTEM_ORIGIN,
          action: AuditAction.ERASURE_REAPPLY,
          outcome: AuditOutcome.ALLOWED,
          subjectId: line.subjectId,
          reason: committed
            ? `erasure ledger entry ${line.seq} (${line.reason}, ${line.erasedAt})`
            : `uncommitted erasure ledger line ${line.seq} (${line.reason}, ${line.erasedAt}): erased to be safe`,
        },
        tx,
      );
      return tombstoned ? 1 : 0;
    });
  }
}

const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

const notThisSchema = (why: string) =>
  new BackupError(BackupRefusal.SCHEMA_MISMATCH, `The backup does not fit this schema: ${why}`);

/** The lines of the last stream of a chain; an error anywhere in the chain ends it. */
async function* linesOf(source: Readable, through: Duplex[]): AsyncGenerator<string> {
  let last: Readable = source;
  for (const next of through) {
    last.on('error', (error) => next.destroy(error));
    last = last.pipe(next);
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of last as AsyncIterable<Buffer>) {
    const parts = (rest + decoder.write(chunk)).split('\n');
    rest = parts.pop()!;
    for (const part of parts) if (part) yield part;
  }
  rest += decoder.end();
  if (rest) yield rest;
}
