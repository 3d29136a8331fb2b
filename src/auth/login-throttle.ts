import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThan, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { KeyedHash } from '../crypto/keyed-hash';
import { JobLocks } from '../database/job-locks';
import { Transactions } from '../database/transactions';
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

/** The lock rows a try takes: 256 per kind of key, so the table stays small and bounded. */
const lockName = (of: 'account' | 'ip', key: string): string =>
  `login-throttle:${of}:${key.slice(0, 2)}`;

/**
 * Failed sign-ins counted in the database per account and per source address over a
 * sliding window, so the limit holds however many instances serve the attempts. Past
 * either limit the attempt is refused before any password is checked.
 *
 * A try is counted *before* its secret is checked (`claim`), and the count and the new
 * row are one transaction that first writes the lock row of the account's bucket, then of
 * the address's (JobLocks.holdUntilEnd: a row lock on one server, a certification
 * conflict between Galera nodes, the write queue on SQLite). Counting first and writing
 * after the password check let a burst of concurrent wrong passwords all pass the check
 * (10 of 15 on MariaDB with a limit of 5). The claimed row is the failure if the secret
 * is wrong; a right one clears the account (`clearAccount`), or gives the try back
 * (`release`) when the attempt is refused for another reason (a suspended account).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly transactions: Transactions,
    private readonly locks: JobLocks,
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

  /**
   * Takes one try, counted as a failure from now on, or refuses it with TOO_MANY_ATTEMPTS
   * when the account or the address has used up its window. Resolves with the try's id.
   */
  async claim({ accountKey, ipKey }: AttemptKeys): Promise<string> {
    const { maxPerAccount, maxPerIp, windowSeconds } = this.config.auth.throttle;
    const id = randomUUID();
    await this.transactions.run(async (tx) => {
      // Account before address, always: two tries never wait on each other in a circle.
      await this.locks.holdUntilEnd(lockName('account', accountKey), tx);
      await this.locks.holdUntilEnd(lockName('ip', ipKey), tx);
      const now = this.clock.now();
      const since = new Date(now.getTime() - windowSeconds * 1000);
      const failures = tx.manager.getRepository(LoginFailure);
      const byAccount = await failures.count({ where: { accountKey, at: MoreThan(since) } });
      const byIp = await failures.count({ where: { ipKey, at: MoreThan(since) } });
      if (byAccount >= maxPerAccount || byIp >= maxPerIp) {
        throw new AppError(
          'TOO_MANY_ATTEMPTS',
          `Too many failed sign-in attempts; try again in ${Math.ceil(windowSeconds / 60)} minutes`,
        );
      }
      await failures.insert({ id, accountKey, ipKey, at: now });
    });
    return id;
  }

  /** Gives a try back: the secret was right, the attempt refused for another reason. */
  async release(claim: string): Promise<void> {
    await this.transactions.write((db) => db.delete(LoginFailure, { id: claim }));
  }

  async clearAccount({ accountKey }: AttemptKeys): Promise<void> {
    await this.transactions.write((db) => db.delete(LoginFailure, { accountKey }));
  }

  async purgeBefore(before: Date): Promise<void> {
    await this.transactions.write((db) => db.delete(LoginFailure, { at: LessThan(before) }));
  }
}
