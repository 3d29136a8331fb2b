import { Injectable } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { type LoginAttempt, LoginThrottle } from './login-throttle';
import { Passwords } from './passwords';

export interface LoginCandidate<T> {
  account: T;
  passwordHash: string | null;
  /** Whether the account may sign in at all (active, not deleted). */
  usable: boolean;
}

/**
 * The one sign-in procedure for staff, clients and data subjects: throttle first, then
 * the same argon2 work whether or not the account exists, then one generic refusal, so
 * neither timing nor message tells which accounts exist.
 */
@Injectable()
export class PasswordLogin {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly passwords: Passwords,
  ) {}

  async verify<T>(
    attempt: LoginAttempt & { secret: string },
    find: () => Promise<LoginCandidate<T> | null>,
  ): Promise<{ account: T; rehash: boolean }> {
    const keys = this.throttle.keys(attempt);
    await this.throttle.assertAllowed(keys);
    const candidate = await find();
    const matches = await this.passwords.verify(candidate?.passwordHash, attempt.secret);
    if (!candidate || !candidate.usable || !matches) {
      await this.throttle.recordFailure(keys);
      throw new AppError('UNAUTHENTICATED', 'The credentials are not valid');
    }
    await this.throttle.clearAccount(keys);
    return { account: candidate.account, rehash: this.passwords.outdated(candidate.passwordHash!) };
  }
}
