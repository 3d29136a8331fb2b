import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { AppError } from '../errors/app-error';
import { StaffService } from './staff.service';

/**
 * Makes the first administrator from BOOTSTRAP_ADMIN_* when the staff table is empty, at a
 * serving start only: an operator command (a restore into an empty database above all)
 * writes nothing it was not asked to.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly staff: StaffService,
    private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.bootstrapAdmin;
    if (!admin || !this.http.httpAdapter) return;
    try {
      if (await this.staff.bootstrapAdmin(admin.email, admin.password)) {
        this.logger.warn(
          'Created the first administrator from BOOTSTRAP_ADMIN_EMAIL; unset BOOTSTRAP_ADMIN_PASSWORD now',
        );
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        throw new ConfigError(
          'BOOTSTRAP_ADMIN_PASSWORD is too weak: use at least 12 characters of unrelated words',
        );
      }
      throw error;
    }
  }
}
