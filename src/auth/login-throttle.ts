import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { KeyedHash } from '../crypto/keyed-hash';
import { type Tx, Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { LoginFailure } from './login-failure.entity';
import type { PrincipalKind } from './principal';

export interface LoginAttempt {
  kind: PrincipalKind;
  identifier: string;
  ip: string;
}

interface AttemptKeys {
  accountKey: string;
  ipKey: string;
}

/**
 * Failed sign-ins counted in the database per account and per source address over a
 * sliding window, so the limit holds however many instances serve the attempts. Past
 * either limit the attempt is refused before any password is checked.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectRepository(LoginFailure) private readonly failures: Repository<LoginFailure>,
    private readonly transactions: Transactions,
    private readonly hash: KeyedHash,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  keys(attempt: LoginAttempt): AttemptKeys {
    return {
      accountKey: this.hash.digest(`login:${attempt.kind}`, attempt.identifier),
      ipKey: this.hash.digest('login:ip', attempt.ip),
    };
  }

  async assertAllowed({ accountKey, ipKey }: AttemptKeys): Promise<void> {
    const { maxPerAccount, maxPerIp, windowSeconds } = this.config.auth.throttle;
    const since = new Date(this.clock.now().getTime() - windowSeconds * 1000);
    const [byAccount, byIp] = await Promise.all([
      this.failures.count({ where: { accountKey, at: MoreThan(since) } }),
      this.failures.count({ where: { ipKey, at: MoreThan(since) } }),
    ]);
    if (byAccount >= maxPerAccount || byIp >= maxPerIp) {
      throw new AppError(
        'TOO_MANY_ATTEMPTS',
        `Too many failed sign-in attempts; try again in ${Math.ceil(windowSeconds / 60)} minutes`,
      );
    }
  }

  /** Counts a failure, inside the caller's transaction when given one (with its audit entry). */
  async recordFailure({ accountKey, ipKey }: AttemptKeys, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.insert(LoginFailure, { id: randomUUID(), accountKey, ipKey, at: this.clock.now() }),
    );
  }

  async clearAccount({ accountKey }: AttemptKeys): Promise<void> {
    await this.transactions.write((db) => db.delete(LoginFailure, { accountKey }));
  }

  async purgeBefore(before: Date): Promise<void> {
    await this.transactions.write((db) => db.delete(LoginFailure, { at: LessThan(before) }));
  }
}
