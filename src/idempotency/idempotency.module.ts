import { Global, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobLocks } from '../database/job-locks';
import { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyKeys } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotency.interceptor';

const PURGE_EVERY_MS = 15 * 60_000;

/** Removes expired keys, on one instance at a time; not audited (bookkeeping, no change of record). */
@Injectable()
class IdempotencyPurge implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdempotencyPurge.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly locks: JobLocks,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.run(), PURGE_EVERY_MS);
    timer.unref();
    this.scheduler.addInterval('idempotency.purge', timer);
  }

  private async run(): Promise<void> {
    await this.locks.runExclusive('idempotency.purge', PURGE_EVERY_MS, async () => {
      const removed = await this.keys.purgeExpired();
      if (removed > 0) this.logger.debug({ removed }, 'expired idempotency keys removed');
    });
  }
}

/** Idempotency keys for the Billing's writes; routes opt in with `@Idempotent()`. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKey])],
  providers: [IdempotencyKeys, IdempotencyInterceptor, IdempotencyPurge],
  exports: [IdempotencyKeys, IdempotencyInterceptor],
})
export class IdempotencyModule {}
