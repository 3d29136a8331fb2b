import { Injectable } from '@nestjs/common';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import type { NewAuditEntry } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { KeyedHash } from '../crypto/keyed-hash';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';
import { type LoginAttempt, LoginThrottle } from './login-throttle';
import { Passwords } from './passwords';

export interface LoginCandidate<T> {
  /** The account's id, which a refused attempt's audit entry names. */
  id: string;
  account: T;
  passwordHash: string | null;
  /** Whether the account may sign in at all (active, not deleted). */
  usable: boolean;
  /** Why an account that gave the right secret is still refused (a suspension), if it is. */
  refusal?: AppError | null;
}

/** What a refused proof of identity is recorded as, and the keyed hash's domain for each. */
const HASH_DOMAIN = {
  [AuditAction.SIGN_IN]: 'sign-in',
  [AuditAction.STAFF_ENROL]: 'enrol',
} as const;
export type ProofAction = keyof typeof HASH_DOMAIN;

export interface SignInAttempt extends LoginAttempt {
  secret: string;
  requestId: string;
}

/**
 * The one sign-in procedure for staff, clients and data subjects: throttle first, then
 * the same argon2 work whether or not the account exists, then one generic refusal, so
 * neither timing nor message tells which accounts exist.
 *
 * Every refusal is an audit entry (P11, P16, P18) with no actor, since nobody proved who
 * they are: it names the account when one matched, else holds a keyed hash of what was
 * typed, so repeated attempts on one identifier show without the identifier being kept.
 * The try is counted before the secret is checked (LoginThrottle.claim), so a burst of
 * attempts sent at once cannot outrun the limit. The successful sign-in is recorded
 * where its session is opened (Tokens.issue).
 */
@Injectable()
export class PasswordLogin {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly passwords: Passwords,
    private readonly audit: AuditTrail,
    private readonly hash: KeyedHash,
  ) {}

  async verify<T>(
    attempt: SignInAttempt,
    find: () => Promise<LoginCandidate<T> | null>,
  ): Promise<{ account: T; rehash: boolean }> {
    const keys = this.throttle.keys(attempt);
    let claim: string;
    try {
      claim = await this.throttle.claim(keys);
    } catch (error) {
      if (error instanceof AppError)
        await this.audit.record(this.refusal(attempt, (await find())?.id ?? null, error.code));
      throw error;
    }
    const candidate = await find();
    const matches = await this.passwords.verify(candidate?.passwordHash, attempt.secret);
    if (!candidate || !candidate.usable || !matches) {
      // The claimed try stays counted: it is this failure.
      await this.audit.record(this.refusal(attempt, candidate?.id ?? null, 'UNAUTHENTICATED'));
      throw new AppError('UNAUTHENTICATED', 'The credentials are not valid');
    }
    if (candidate.refusal) {
      await this.throttle.release(claim);
      await this.audit.record(this.refusal(attempt, candidate.id, candidate.refusal.code));
      throw candidate.refusal;
    }
    await this.throttle.clearAccount(keys);
    return { account: candidate.account, rehash: this.passwords.outdated(candidate.passwordHash!) };
  }

  /**
   * The audit entry of a refused attempt to prove who one is: a sign-in, or an enrolment
   * with a token (StaffCredentials.enrol), whose token is as secret as a password. No
   * actor; the account when one matched (`accountId`), else a keyed hash of what was
   * typed, in a domain of its own per action and kind, never the typed text.
   */
  refusal(
    attempt: Omit<SignInAttempt, 'secret'>,
    accountId: string | null,
    code: ErrorCode,
    action: ProofAction = AuditAction.SIGN_IN,
  ): NewAuditEntry {
    return {
      actorKind: attempt.kind,
      actorId: null,
      actorRoles: [],
      requestId: attempt.requestId,
      ip: attempt.ip,
      action,
      outcome: AuditOutcome.DENIED,
      code,
      targetId: accountId,
      identifierHash: accountId
        ? null
        : this.hash.digest(`audit:${HASH_DOMAIN[action]}:${attempt.kind}`, attempt.identifier),
    };
  }
}
