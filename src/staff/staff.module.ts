import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BootstrapAdmin } from './bootstrap-admin';
import { StaffMember } from './staff-member.entity';
import { StaffAuthController, StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffMember])],
  controllers: [StaffAuthController, StaffController],
  providers: [StaffService, BootstrapAdmin],
  exports: [StaffService],
})
export class StaffModule {}
