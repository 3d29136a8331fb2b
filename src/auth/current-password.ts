import { Injectable } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { LoginThrottle } from './login-throttle';
import { Passwords } from './passwords';
import type { RequestContext } from './request-context';

/**
 * The `currentPassword` of a password change, checked like a sign-in: the same throttle
 * (per account and per source address, in the database), so a stolen session cannot be
 * used to guess the password it lacks at full speed.
 */
@Injectable()
export class CurrentPassword {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly passwords: Passwords,
  ) {}

  async verify(ctx: RequestContext, storedHash: string | null, password: string): Promise<void> {
    const { kind, id } = ctx.principal;
    const keys = this.throttle.keys({ kind, identifier: `current-password:${id}`, ip: ctx.ip });
    await this.throttle.assertAllowed(keys);
    if (!(await this.passwords.verify(storedHash, password))) {
      await this.throttle.recordFailure(keys);
      throw new AppError('UNAUTHENTICATED', 'The current password is not correct');
    }
    await this.throttle.clearAccount(keys);
  }
}
