import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { MediaController, SubjectExportsController } from './media.controller';
import { MediaRegister } from './media-register';
import { Medium, MediumSubject } from './medium.entity';
import { SubjectExports } from './subject-exports';

/** Every file that leaves the service with PD in it, registered (P11.3). */
@Module({
  imports: [TypeOrmModule.forFeature([Medium, MediumSubject]), SubjectsModule, AccessModule],
  controllers: [SubjectExportsController, MediaController],
  providers: [MediaRegister, SubjectExports],
  exports: [MediaRegister],
})
export class MediaModule {}
