import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/**
 * HMAC-SHA256 under the blind-index key, separated by domain so that the same input
 * gives unrelated digests in different uses (an email's index, a login throttle key).
 * Equality search without storing the value; without the key a digest reveals nothing.
 */
@Injectable()
export class KeyedHash {
  constructor(private readonly config: AppConfig) {}

  digest(domain: string, value: string): string {
    return createHmac('sha256', this.config.keys.blindIndexKey)
      .update(`${domain}\u0000${value}`)
      .digest('hex');
  }
}
