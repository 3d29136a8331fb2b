import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Brackets, type EntityManager } from 'typeorm';
import { AuditAction, type ActorKind, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { Admitted } from '../access/pd-access';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { type Page, paginate } from '../common/pagination';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import type { Category, Purpose } from '../pd/vocabulary';
import type {
  DestroyDto,
  HeldMediumView,
  MediaQuery,
  MediumView,
  VerifyDto,
  VerifyView,
} from './media.dto';
import { Medium, MediumSubject } from './medium.entity';
import { MediumKind, MediumStatus, NAMED_SUBJECTS_MAX } from './vocabulary';

/** What the maker of a file tells the register; the register adds id, time and status. */
export interface NewMedium {
  id?: string;
  kind: MediumKind;
  makerKind: ActorKind;
  makerId: string | null;
  purpose: Purpose | null;
  orderIds: string[];
  /** The subjects it holds; null for everyone (a backup). */
  subjectIds: string[] | null;
  subjectCount: number;
  categories: readonly Category[];
  content: { sizeBytes: number; sha256: string };
  encrypted: boolean;
  keyId: string | null;
  destination: string;
  /** When the file was made (the time written in it). */
  createdAt: Date;
  destroyBy: Date | null;
}

/** A staff member's file about one subject, made under a PD touch (an export, a printed report). */
export interface SubjectFile {
  id: string;
  kind: MediumKind;
  subjectId: string;
  bytes: Buffer;
  destination: string;
  createdAt: Date;
  purpose: Purpose | null;
  /** What the touch admitted: its orders and categories are the medium's. */
  admitted: Admitted;
  ctx: RequestContext;
}

const DAY = 86_400_000;

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The register of PD media (P11.3). `register` is called by whatever makes a file, in the
 * transaction of that file's audit entry, so no file leaves unregistered and no entry
 * names a medium that is not there. A medium is destroyed once (a conditional update: two
 * officers recording it at once get one success, the other INVALID_STATE); `verify`
 * checks a copy found somewhere against the registered checksum (substitution).
 */
@Injectable()
export class MediaRegister {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Registers a file about one subject in its touch's transaction: unencrypted, kept
   * MEDIA_RETENTION_DAYS, named on the touch's entry. Resolves with the file's SHA-256.
   */
  async registerSubjectFile(file: SubjectFile, tx: Tx): Promise<string> {
    const sha256 = sha256Of(file.bytes);
    await this.register(
      {
        id: file.id,
        kind: file.kind,
        makerKind: file.ctx.principal.kind,
        makerId: file.ctx.principal.id,
        purpose: file.purpose,
        orderIds: file.admitted.orderIds,
        subjectIds: [file.subjectId],
        subjectCount: 1,
        categories: file.admitted.categories,
        content: { sizeBytes: file.bytes.length, sha256 },
        encrypted: false,
        keyId: null,
        destination: file.destination,
        createdAt: file.createdAt,
        destroyBy: new Date(file.createdAt.getTime() + this.config.retention.mediaDays * DAY),
      },
      tx,
    );
    file.admitted.describe({ targetId: file.id });
    return sha256;
  }

  async register(input: NewMedium, tx: Tx): Promise<Medium> {
    const subjectIds = input.subjectIds ? [...new Set(input.subjectIds)] : null;
    const medium: Medium = {
      id: input.id ?? randomUUID(),
      kind: input.kind,
      makerKind: input.makerKind,
      makerId: input.makerId,
      purpose: input.purpose,
      orderIds: input.orderIds,
      subjectCount: input.subjectCount,
      subjectIds: subjectIds && subjectIds.length <= NAMED_SUBJECTS_MAX ? subjectIds : null,
      categories: [...input.categories],
      sizeBytes: input.content.sizeBytes,
      sha256: input.content.sha256,
      encrypted: input.encrypted,
      keyId: input.keyId,
      destination: input.destination,
      createdAt: input.createdAt,
      destroyBy: input.destroyBy,
      destroyedAt: null,
      destroyedBy: null,
      destructionMethod: null,
      destructionNote: null,
    };
    await tx.manager.insert(Medium, medium);
    if (subjectIds?.length) {
      await tx.manager.insert(
        MediumSubject,
        subjectIds.map((subjectId) => ({ mediumId: medium.id, subjectId })),
      );
    }
    return medium;
  }

  async list(query: MediaQuery): Promise<Page<MediumView>> {
    const now = this.clock.now();
    const page = await this.transactions.connected((db) => {
      const builder = db.createQueryBuilder(Medium, 'medium');
      if (query.kind) builder.andWhere('medium.kind = :kind', { kind: query.kind });
      if (query.status === MediumStatus.DESTROYED)
        builder.andWhere('medium.destroyedAt IS NOT NULL');
      if (query.status === MediumStatus.OVERDUE)
        builder.andWhere('medium.destroyedAt IS NULL AND medium.destroyBy <= :now', { now });
      if (query.status === MediumStatus.ACTIVE)
        builder
          .andWhere('medium.destroyedAt IS NULL')
          .andWhere(
            new Brackets((or) =>
              or.where('medium.destroyBy IS NULL').orWhere('medium.destroyBy > :now', { now }),
            ),
          );
      return paginate(builder, query);
    });
    return {
      items: page.items.map((medium) => this.view(medium, now)),
      nextCursor: page.nextCursor,
    };
  }

  async one(id: string): Promise<MediumView> {
    return this.view(await this.find(id), this.clock.now());
  }

  async destroy(id: string, dto: DestroyDto, ctx: RequestContext): Promise<MediumView> {
    return this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const { affected } = await tx.manager
        .createQueryBuilder()
        .update(Medium)
        .set({
          destroyedAt: now,
          destroyedBy: ctx.principal.id,
          destructionMethod: dto.method,
          destructionNote: dto.note ?? null,
        })
        .where('id = :id AND destroyedAt IS NULL', { id })
        .execute();
      if (affected !== 1) {
        await this.find(id, tx);
        throw new AppError('INVALID_STATE', 'The medium is already recorded as destroyed');
      }
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.MEDIUM_DESTROY,
          outcome: AuditOutcome.ALLOWED,
          targetId: id,
          reason: dto.method,
        },
        tx,
      );
      return this.view(await this.find(id, tx), now);
    });
  }

  async verify(id: string, dto: VerifyDto, ctx: RequestContext): Promise<VerifyView> {
    if ((dto.sha256 === undefined) === (dto.contentBase64 === undefined)) {
      throw validationFailed([
        { field: 'sha256', constraints: ['send either sha256 or contentBase64, not both'] },
      ]);
    }
    const medium = await this.find(id);
    const content =
      dto.contentBase64 === undefined ? null : Buffer.from(dto.contentBase64, 'base64');
    const checksum = content ? sha256Of(content) : dto.sha256!.toLowerCase();
    const matches =
      checksum === medium.sha256 && (content === null || content.length === medium.sizeBytes);
    await this.audit.record({
      ...originOf(ctx),
      action: AuditAction.MEDIUM_VERIFY,
      outcome: AuditOutcome.ALLOWED,
      targetId: id,
      reason: matches ? 'the copy matches the register' : 'the copy does not match the register',
    });
    return { mediumId: id, matches };
  }

  /**
   * The media not destroyed that hold the subject's PD: exports and reports naming them,
   * and backups; with `tx`, read inside that transaction (a report built under a PD touch).
   */
  async heldFor(subjectId: string, since: Date, tx?: Tx): Promise<HeldMediumView[]> {
    const held = (db: EntityManager) =>
      db
        .createQueryBuilder(Medium, 'medium')
        .where('medium.destroyedAt IS NULL')
        .andWhere(
          new Brackets((or) =>
            or
              .where(
                'medium.id IN (SELECT ms.mediumId FROM medium_subjects ms WHERE ms.subjectId = :subjectId)',
                { subjectId },
              )
              .orWhere('(medium.kind = :backup AND medium.createdAt >= :since)', {
                backup: MediumKind.BACKUP,
                since,
              }),
          ),
        )
        .orderBy('medium.createdAt', 'DESC')
        .getMany();
    const rows = await this.transactions.connectedWithin(tx, held);
    return rows.map((medium) => ({
      id: medium.id,
      kind: medium.kind,
      categories: medium.categories,
      createdAt: medium.createdAt.toISOString(),
      destroyBy: medium.destroyBy?.toISOString() ?? null,
    }));
  }

  private async find(id: string, tx?: Tx): Promise<Medium> {
    const manager = tx?.manager;
    const medium = manager
      ? await manager.findOneBy(Medium, { id })
      : await this.transactions.connected((db) => db.findOneBy(Medium, { id }));
    if (!medium) throw notFound('Medium');
    return medium;
  }

  private view(medium: Medium, now: Date): MediumView {
    const status = medium.destroyedAt
      ? MediumStatus.DESTROYED
      : medium.destroyBy && medium.destroyBy <= now
        ? MediumStatus.OVERDUE
        : MediumStatus.ACTIVE;
    return {
      ...medium,
      status,
      createdAt: medium.createdAt.toISOString(),
      destroyBy: medium.destroyBy?.toISOString() ?? null,
      destroyedAt: medium.destroyedAt?.toISOString() ?? null,
    };
  }
}
