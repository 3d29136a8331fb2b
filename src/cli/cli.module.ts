import { type DynamicModule, Module } from '@nestjs/common';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { MailModule } from '../mail/mail.module';
import { RetentionModule } from '../retention/retention.module';
import { StaffModule } from '../staff/staff.module';
import { BackupModule } from '../backup/backup.module';
import { BackupCommand, RestoreCommand } from './backup.commands';
import { AuditAnchorCommand, AuditVerifyCommand, KeysRotateCommand } from './audit.commands';
import { FirstOfficerCommand, OutboxPrintCommand, RetentionRunCommand } from './operator.commands';

export const COMMANDS = [
  KeysRotateCommand,
  AuditVerifyCommand,
  AuditAnchorCommand,
  FirstOfficerCommand,
  OutboxPrintCommand,
  RetentionRunCommand,
  BackupCommand,
  RestoreCommand,
];

/** The service's own modules without the HTTP server or the schedulers, and the commands. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      // The feature modules are the app's own instances (a module is one per class).
      imports: [
        AppModule.forRoot(config, { schedules: false }),
        StaffModule,
        MailModule,
        RetentionModule,
        BackupModule,
      ],
      providers: COMMANDS,
    };
  }
}
