import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { BootstrapAdmin } from './bootstrap-admin';
import { EnrolmentTokens } from './enrolment-tokens';
import { FirstOfficer } from './first-officer';
import { RoleChange } from './role-change.entity';
import { RoleChanges } from './role-changes';
import { RoleChangesController } from './role-changes.controller';
import { StaffCredentials } from './staff-credentials';
import { StaffEnrolment } from './staff-enrolment.entity';
import { StaffMember } from './staff-member.entity';
import { StaffAuthController, StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffMember, StaffEnrolment, RoleChange]), MailModule],
  controllers: [StaffAuthController, StaffController, RoleChangesController],
  providers: [
    StaffService,
    StaffCredentials,
    EnrolmentTokens,
    RoleChanges,
    FirstOfficer,
    BootstrapAdmin,
  ],
  exports: [StaffService, FirstOfficer],
})
export class StaffModule {}
