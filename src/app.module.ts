import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { CalendarModule } from './calendar/calendar.module';
import { CommonModule } from './common/common.module';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { ErrorFilter } from './errors/error.filter';
import { QueryParameters } from './errors/query-parameters';
import { createValidationPipe } from './errors/validation';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { StaffModule } from './staff/staff.module';
import { SubjectsModule } from './subjects/subjects.module';
import { ConsentsModule } from './consents/consents.module';
import { RegistrationModule } from './registration/registration.module';
import { AccessModule } from './access/access.module';
import { StaffSubjectsModule } from './subjects/staff-subjects.module';
import { IncidentsModule } from './incidents/incidents.module';
import { DataRequestsModule } from './data-requests/data-requests.module';
import { ThirdPartiesModule } from './third-parties/third-parties.module';
import { RetentionModule } from './retention/retention.module';
import { MediaModule } from './media/media.module';

/** The feature modules, in the order they build on each other. */
export const FEATURE_MODULES: Type[] = [
  StaffModule,
  ClientsModule,
  SubjectsModule,
  ConsentsModule,
  RegistrationModule,
  AccessModule,
  StaffSubjectsModule,
  MediaModule,
  IncidentsModule,
  DataRequestsModule,
  ThirdPartiesModule,
  RetentionModule,
  HealthModule,
];

/**
 * For a command-line run: the registry the services add their timers to, without
 * ScheduleModule's explorer, so no @Interval job (retention, purges, maintenance) starts.
 */
@Global()
@Module({ providers: [SchedulerRegistry], exports: [SchedulerRegistry] })
class NoSchedulesModule {}

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    options: { modules?: Type[]; logTo?: DestinationStream; schedules?: boolean } = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logTo),
        CommonModule,
        CalendarModule,
        DatabaseModule,
        CryptoModule,
        options.schedules === false ? NoSchedulesModule : ScheduleModule.forRoot(),
        AuthModule,
        AuditModule,
        IdempotencyModule,
        WebhooksModule,
        ...FEATURE_MODULES,
        ...(options.modules ?? []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: QueryParameters },
      ],
    };
  }
}
