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
    // Counted before it is checked, so guesses sent at once cannot outrun the limit.
    await this.throttle.claim(keys);
    if (!(await this.passwords.verify(storedHash, password))) {
      throw new AppError('UNAUTHENTICATED', 'The current password is not correct');
    }
    await this.throttle.clearAccount(keys);
  }
}
