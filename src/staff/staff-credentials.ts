import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ActorKind, AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type AuditOrigin, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { CurrentPassword } from '../auth/current-password';
import { LoginThrottle } from '../auth/login-throttle';
import { PasswordLogin } from '../auth/password-login';
import { Passwords } from '../auth/passwords';
import type { PublicRequestContext, RequestContext } from '../auth/request-context';
import { Sessions } from '../auth/sessions';
import { type IssuedToken, Tokens } from '../auth/tokens';
import { Clock } from '../common/clock';
import { type Tx, Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { EnrolmentTokens } from './enrolment-tokens';
import { StaffMember } from './staff-member.entity';
import { findMember, lockMember, staffView } from './staff-rows';
import type { ChangeOwnPasswordDto, EnrolDto, StaffLoginDto, StaffView } from './staff.dto';

const SUSPENDED = 'This account is suspended pending review of an incident';
const BAD_TOKEN = 'The enrolment token is not valid: it may be used, replaced or expired';

/**
 * Staff credentials under four eyes (DESIGN.md, "Separation of duties"): nobody sets or
 * learns another person's password. A password is set only by its owner, with an
 * enrolment token mailed to them (EnrolmentTokens). An administrator can take a
 * credential away (reset) but never hand one out; and because a reset, or an email
 * changed to an address someone else reads, could still put the account in the wrong
 * hands, either one by someone else pauses the account's PD access and PD roles until a
 * compliance officer who is neither that administrator nor the person confirms it.
 */
@Injectable()
export class StaffCredentials {
  constructor(
    @InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>,
    private readonly enrolments: EnrolmentTokens,
    private readonly transactions: Transactions,
    private readonly passwords: Passwords,
    private readonly passwordLogin: PasswordLogin,
    private readonly currentPassword: CurrentPassword,
    private readonly throttle: LoginThrottle,
    private readonly tokens: Tokens,
    private readonly sessions: Sessions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async login(dto: StaffLoginDto, ctx: PublicRequestContext): Promise<IssuedToken> {
    const { account, rehash } = await this.passwordLogin.verify(
      {
        kind: 'staff',
        identifier: dto.email,
        ip: ctx.ip,
        requestId: ctx.requestId,
        secret: dto.password,
      },
      async () => {
        const member = await this.staff.findOneBy({ email: dto.email });
        return (
          member && {
            id: member.id,
            account: member,
            passwordHash: member.passwordHash,
            usable: member.active,
            // Told only to whoever gave the right password, and audited as its own refusal.
            refusal: member.suspendedAt ? new AppError('ACCOUNT_SUSPENDED', SUSPENDED) : null,
          }
        );
      },
    );
    if (rehash) await this.storeRehash(account.id, dto.password);
    return this.tokens.issue('staff', account.id, ctx, account.roles);
  }

  /**
   * The owner sets their password with the token from their email, and is signed in.
   * Throttled like a sign-in (per address; each guess is its own "account"), single use
   * by a conditional update, every older session of the account ended. STAFF_ENROL, then
   * the SIGN_IN of the session it opens. A refused enrolment (bad, used, replaced or
   * expired token, throttled, suspended, or a race lost) is a DENIED STAFF_ENROL shaped
   * like a refused sign-in: the token's account when it has one, else a keyed hash of
   * the token, never its text; a wrong token's entry is written with its throttling row.
   */
  async enrol(dto: EnrolDto, ctx: PublicRequestContext): Promise<IssuedToken> {
    const attempt = {
      kind: 'staff' as const,
      identifier: dto.token,
      ip: ctx.ip,
      requestId: ctx.requestId,
    };
    const refusal = (accountId: string | null, error: AppError) =>
      this.passwordLogin.refusal(attempt, accountId, error.code, AuditAction.STAFF_ENROL);
    const keys = this.throttle.keys({ ...attempt, identifier: `enrol:${dto.token}` });
    let claim: string;
    try {
      claim = await this.throttle.claim(keys);
    } catch (error) {
      if (error instanceof AppError) {
        await this.audit.record(refusal(await this.enrolments.ownerOf(dto.token), error));
      }
      throw error;
    }
    const enrolment = await this.enrolments.usable(dto.token);
    const member = enrolment && (await this.staff.findOneBy({ id: enrolment.staffId }));
    if (!enrolment || !member?.active) {
      const bad = new AppError('UNAUTHENTICATED', BAD_TOKEN);
      const owner = member?.id ?? (await this.enrolments.ownerOf(dto.token));
      // The claimed try stays counted: it is this failure.
      await this.audit.record(refusal(owner, bad));
      throw bad;
    }
    // The token is good: whatever refuses the enrolment from here on was no guess.
    await this.throttle.release(claim);
    if (member.suspendedAt) {
      const suspended = new AppError('ACCOUNT_SUSPENDED', SUSPENDED);
      await this.audit.record(refusal(member.id, suspended));
      throw suspended;
    }
    this.passwords.assertStrong(dto.password, [member.email, member.fullName]);
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      await this.transactions.run(async (tx) => {
        if (!(await this.enrolments.consume(enrolment, tx))) {
          throw new AppError('UNAUTHENTICATED', BAD_TOKEN);
        }
        await tx.manager.update(
          StaffMember,
          { id: member.id },
          { passwordHash, updatedAt: this.clock.now() },
        );
        await this.sessions.revokeAll('staff', member.id, tx);
        const self: AuditOrigin = {
          actorKind: ActorKind.STAFF,
          actorId: member.id,
          actorRoles: member.roles,
          requestId: ctx.requestId,
          ip: ctx.ip,
        };
        await this.audit.record(
          {
            ...self,
            action: AuditAction.STAFF_ENROL,
            outcome: AuditOutcome.ALLOWED,
            targetId: member.id,
          },
          tx,
        );
      });
    } catch (error) {
      // A concurrent enrolment or a newer token came first: the work rolled back, the refusal stays.
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
        await this.audit.record(refusal(member.id, error));
      }
      throw error;
    }
    await this.throttle.clearAccount(keys);
    return this.tokens.issue('staff', member.id, ctx, member.roles);
  }

  /**
   * The current password checked like a sign-in (throttled); every other session of the
   * account ends, the caller's stays. STAFF_PASSWORD_CHANGE; a wrong or throttled one is DENIED.
   */
  async changeOwnPassword(dto: ChangeOwnPasswordDto, ctx: RequestContext): Promise<void> {
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.STAFF_PASSWORD_CHANGE,
      targetId: ctx.principal.id,
      fields: ['password'],
    };
    await this.audit.refusals(attempt, ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'], async () => {
      const member = await findMember(this.staff.manager, ctx.principal.id);
      await this.currentPassword.verify(ctx, member.passwordHash, dto.currentPassword);
      this.passwords.assertStrong(dto.newPassword, [member.email, member.fullName], 'newPassword');
      const passwordHash = await this.passwords.hash(dto.newPassword);
      await this.transactions.run(async (tx) => {
        await tx.manager.update(
          StaffMember,
          { id: member.id },
          { passwordHash, updatedAt: this.clock.now() },
        );
        await this.sessions.revokeOthers('staff', member.id, ctx.principal.sessionId, tx);
        await this.audit.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
      });
    });
  }

  /** `POST /staff/:id/credential-reset`: STAFF_CREDENTIAL_RESET. */
  async reset(id: string, ctx: RequestContext): Promise<StaffView> {
    const member = await this.transactions.run(async (tx) => {
      const found = await lockMember(tx, id);
      const changes = await this.reissue(found, ctx, tx);
      await tx.manager.update(StaffMember, { id: found.id }, changes);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.STAFF_CREDENTIAL_RESET,
          outcome: AuditOutcome.ALLOWED,
          targetId: found.id,
        },
        tx,
      );
      return { ...found, ...changes };
    });
    return staffView(member);
  }

  /**
   * Takes the account's credential away inside `tx`: sessions ended, password gone, a
   * new token mailed to the account's address as it stands when the mail is sent. By
   * someone other than the person, it also pauses the account. Returns the row changes.
   */
  async reissue(member: StaffMember, ctx: RequestContext, tx: Tx): Promise<Partial<StaffMember>> {
    const now = this.clock.now();
    await this.sessions.revokeAll('staff', member.id, tx);
    await this.enrolments.issue(member.id, ctx.principal.id, tx);
    const byOther = member.id !== ctx.principal.id;
    return {
      passwordHash: null,
      updatedAt: now,
      ...(byOther ? { pausedAt: now, pausedBy: ctx.principal.id } : {}),
    };
  }

  /**
   * `POST /staff/:id/confirm` by a compliance officer who is neither the person nor the
   * one whose reset or email change paused the account, once the person has enrolled
   * again (confirming an unused token would confirm nothing). Ids are compared as the
   * database holds them, never as typed. STAFF_CONFIRM; refusals are DENIED entries.
   */
  async confirm(id: string, ctx: RequestContext): Promise<StaffView> {
    const attempt = { ...originOf(ctx), action: AuditAction.STAFF_CONFIRM, targetId: id };
    const member = await this.audit.refusals(
      attempt,
      ['SELF_ISSUE_FORBIDDEN', 'INVALID_STATE'],
      () =>
        this.transactions.run(async (tx) => {
          const found = await lockMember(tx, id);
          if (found.id === ctx.principal.id) {
            throw new AppError(
              'SELF_ISSUE_FORBIDDEN',
              'Another compliance officer confirms your account, never you',
            );
          }
          if (!found.pausedAt) throw new AppError('INVALID_STATE', 'The account is not paused');
          if (found.pausedBy === ctx.principal.id) {
            throw new AppError(
              'SELF_ISSUE_FORBIDDEN',
              'The account is confirmed by someone other than who reset it or changed its email',
            );
          }
          if (!found.passwordHash) {
            throw new AppError(
              'INVALID_STATE',
              'The person has not set their password with the new enrolment token yet',
            );
          }
          const changes = { pausedAt: null, pausedBy: null, updatedAt: this.clock.now() };
          await tx.manager.update(StaffMember, { id: found.id }, changes);
          await this.audit.record(
            { ...attempt, targetId: found.id, outcome: AuditOutcome.ALLOWED },
            tx,
          );
          return { ...found, ...changes };
        }),
    );
    return staffView(member);
  }

  private async storeRehash(id: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.transactions.write((db) =>
      db.update(StaffMember, { id }, { passwordHash, updatedAt: this.clock.now() }),
    );
  }
}
