import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ConsentsModule } from '../consents/consents.module';
import { SubjectPdController } from './subject-pd.controller';
import { SubjectPdService } from './subject-pd.service';
import { SubjectsModule } from './subjects.module';

/**
 * The staff API over subjects' PD (read, search, change), every touch through the access
 * rule (P9–P11). A module of its own beside SubjectsModule: the rule weighs the subject's
 * consent, and consents build on the subject registry.
 */
@Module({
  imports: [SubjectsModule, ConsentsModule, AccessModule],
  controllers: [SubjectPdController],
  providers: [SubjectPdService],
})
export class StaffSubjectsModule {}
