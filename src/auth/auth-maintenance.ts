import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobLocks } from '../database/job-locks';
import { LoginThrottle } from './login-throttle';
import { Sessions } from './sessions';

const HOUR = 3_600_000;

/** Drops expired sessions and sign-in failures older than the throttle window. */
@Injectable()
export class AuthMaintenance {
  constructor(
    private readonly locks: JobLocks,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Interval(HOUR)
  async purge(): Promise<void> {
    await this.locks.runExclusive('auth.purge', HOUR / 2, async () => {
      const now = this.clock.now().getTime();
      await this.sessions.purgeExpired(new Date(now - HOUR));
      await this.throttle.purgeBefore(
        new Date(now - this.config.auth.throttle.windowSeconds * 1000),
      );
    });
  }
}
