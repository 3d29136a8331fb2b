import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffAuthorizationModule } from '../staff-authorization/staff-authorization.module';
import { UsersModule } from '../users/users.module';
import { MediaController, SubjectExportsController } from './media.controller';
import { MediaRegister } from './media-register';
import { Medium, MediumSubject } from './medium.entity';
import { SubjectExports } from './subject-exports';

/** Every file that leaves the service with PD in it, registered (P11.3). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Medium, MediumSubject]),
    UsersModule,
    StaffAuthorizationModule,
  ],
  controllers: [SubjectExportsController, MediaController],
  providers: [MediaRegister, SubjectExports],
  exports: [MediaRegister],
})
export class MediaModule {}
