import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CurrentPassword } from '../auth/current-password';
import { PasswordLogin } from '../auth/password-login';
import { Passwords } from '../auth/passwords';
import { Principals } from '../auth/principals';
import { Sessions } from '../auth/sessions';
import type { PublicRequestContext, RequestContext } from '../auth/request-context';
import { type IssuedToken, Tokens } from '../auth/tokens';
import { Clock } from '../common/clock';
import { KeyedHash } from '../crypto/keyed-hash';
import { type Tx, Transactions } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type NewAuditEntry, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { categoryOf, type PdField } from '../pd/fields';
import { CATEGORIES, Category, Operation } from '../pd/vocabulary';
import type { SubjectChangesDto } from './subject-fields.dto';
import { toRecord, toView } from './subject-record';
import { Subject } from './subject.entity';
import type { MeView, SubjectLoginDto, SubjectPasswordDto } from './subjects.dto';
import { SubjectsService } from './subjects.service';
import { Channel } from './vocabulary';

const RECORD_CATEGORIES = CATEGORIES.filter((category) => category !== Category.TECHNICAL);

/**
 * The personal cabinet (P6, P15.4): sign-in with email and password, the subject's own
 * PD, and changes to it attributed to the subject (P18).
 */
@Injectable()
export class SubjectAccounts implements OnModuleInit {
  constructor(
    @InjectRepository(Subject) private readonly subjects: Repository<Subject>,
    private readonly registry: SubjectsService,
    private readonly passwordLogin: PasswordLogin,
    private readonly passwords: Passwords,
    private readonly currentPassword: CurrentPassword,
    private readonly sessions: Sessions,
    private readonly tokens: Tokens,
    private readonly principals: Principals,
    private readonly hash: KeyedHash,
    private readonly transactions: Transactions,
    private readonly trail: AuditTrail,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.principals.register('subject', async (id) => {
      const subject = await this.subjects.findOne({
        where: { id },
        select: { id: true, depersonalizedAt: true },
      });
      return subject && !subject.depersonalizedAt ? { suspended: false } : null;
    });
  }

  async login(dto: SubjectLoginDto, ctx: PublicRequestContext): Promise<IssuedToken> {
    const { account, rehash } = await this.passwordLogin.verify(
      {
        kind: 'subject',
        identifier: dto.email,
        ip: ctx.ip,
        requestId: ctx.requestId,
        secret: dto.password,
      },
      async () => {
        const subject = await this.subjects.findOneBy({
          emailIndex: this.hash.digest('subject:email', dto.email),
        });
        return (
          subject && {
            id: subject.id,
            account: subject,
            passwordHash: subject.passwordHash,
            usable: !subject.depersonalizedAt,
          }
        );
      },
    );
    if (rehash) await this.storePassword(account.id, dto.password);
    return this.tokens.issue('subject', account.id, ctx);
  }

  /** The subject's own PD; the read is audited like any other touch (P18). */
  async me(ctx: RequestContext): Promise<MeView> {
    const { id } = ctx.principal;
    const found = await this.registry.read(id, CATEGORIES);
    if (!found) throw notFound('Subject');
    await this.trail.record(
      this.touch(ctx, AuditAction.SUBJECT_READ, Operation.READ, RECORD_CATEGORIES),
    );
    const { subject, record } = found;
    return {
      id: subject.id,
      pd: toView(record),
      preferredLanguage: subject.preferredLanguage,
      contract: subject.contractState
        ? { state: subject.contractState, at: subject.contractStateAt!.toISOString() }
        : null,
      blocked: subject.blockedAt !== null,
      verification: {
        status: subject.verificationStatus,
        at: subject.verifiedAt?.toISOString() ?? null,
      },
      createdAt: subject.createdAt.toISOString(),
      updatedAt: subject.updatedAt.toISOString(),
    };
  }

  async change(dto: SubjectChangesDto, ctx: RequestContext): Promise<MeView> {
    const { id } = ctx.principal;
    const { values, cleared } = toRecord(dto);
    const fields = [...Object.keys(values), ...cleared] as PdField[];
    await this.transactions.run(async (tx) => {
      await this.registry.change(
        id,
        dto,
        { kind: 'subject', id, channel: Channel.CABINET, requestId: ctx.requestId },
        tx,
      );
      const categories = [...new Set(fields.map(categoryOf))];
      await this.trail.record(
        { ...this.touch(ctx, AuditAction.SUBJECT_UPDATE, Operation.UPDATE, categories), fields },
        tx,
      );
    });
    return this.me(ctx);
  }

  private touch(
    ctx: RequestContext,
    action: AuditAction,
    operation: Operation,
    categories: readonly Category[],
  ): NewAuditEntry {
    return {
      ...originOf(ctx),
      action,
      outcome: AuditOutcome.ALLOWED,
      subjectId: ctx.principal.id,
      categories,
      operation,
    };
  }

  /**
   * The current password is checked like a sign-in (throttled); every other session of
   * the subject ends, so a changed password also shuts out whoever had stolen one.
   * Audited as SUBJECT_PASSWORD_CHANGE; a wrong or throttled current password is DENIED.
   */
  async changePassword(dto: SubjectPasswordDto, ctx: RequestContext): Promise<void> {
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.SUBJECT_PASSWORD_CHANGE,
      subjectId: ctx.principal.id,
      targetId: ctx.principal.id,
      fields: ['password'],
    };
    await this.trail.refusals(attempt, ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'], async () => {
      const subject = await this.subjects.findOneBy({ id: ctx.principal.id });
      if (!subject) throw notFound('Subject');
      await this.currentPassword.verify(ctx, subject.passwordHash, dto.currentPassword);
      this.passwords.assertStrong(dto.newPassword, [], 'newPassword');
      const passwordHash = await this.passwords.hash(dto.newPassword);
      await this.transactions.run(async (tx) => {
        await this.storeHash(subject.id, passwordHash, tx);
        await this.sessions.revokeOthers('subject', subject.id, ctx.principal.sessionId, tx);
        await this.trail.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
      });
    });
  }

  /** A rehash at sign-in: the same password under current argon2 parameters, part of the sign-in. */
  private async storePassword(id: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.transactions.run((tx) => this.storeHash(id, passwordHash, tx));
  }

  private async storeHash(id: string, passwordHash: string, tx: Tx): Promise<void> {
    await tx.manager.update(Subject, { id }, { passwordHash, updatedAt: this.clock.now() });
  }
}
