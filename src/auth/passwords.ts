import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { validationFailed } from '../errors/validation';

export const PASSWORD_MAX_LENGTH = 128;

/**
 * argon2id hashing (parameters from config, OWASP defaults) and the minimum strength
 * rule: a length floor plus a zxcvbn score, so "Password1234" is refused however long.
 */
@Injectable()
export class Passwords implements OnModuleInit {
  private readonly strength = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  private dummyHash = '';

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64'));
  }

  hash(password: string): Promise<string> {
    const { memoryCost, timeCost } = this.config.auth.argon2;
    return hash(password, { type: argon2id, memoryCost, timeCost, parallelism: 1 });
  }

  /**
   * Verifies against the stored hash, or against a hash of a random secret when there is
   * no account, so an unknown account costs the same time as a known one.
   */
  async verify(storedHash: string | null | undefined, password: string): Promise<boolean> {
    const matches = await verify(storedHash ?? this.dummyHash, password);
    return matches && Boolean(storedHash);
  }

  outdated(storedHash: string): boolean {
    const { memoryCost, timeCost } = this.config.auth.argon2;
    return needsRehash(storedHash, { memoryCost, timeCost, parallelism: 1 });
  }

  /** Refuses a weak password with VALIDATION_FAILED on `field`; `related` are the account's own words. */
  assertStrong(password: string, related: string[] = [], field = 'password'): void {
    const { minLength, minScore } = this.config.auth.password;
    const problems: string[] = [];
    if (password.length < minLength)
      problems.push(`${field} must be at least ${minLength} characters long`);
    if (password.length > PASSWORD_MAX_LENGTH) {
      problems.push(`${field} must be at most ${PASSWORD_MAX_LENGTH} characters long`);
    } else if (this.strength.check(password, related).score < minScore) {
      problems.push(`${field} is too easy to guess: use a longer passphrase of unrelated words`);
    }
    if (problems.length > 0) throw validationFailed([{ field, constraints: problems }]);
  }
}
