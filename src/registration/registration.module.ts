import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';

/** Joins the subject registry and the consent ledger for registration (P12). */
@Module({
  imports: [SubjectsModule, ConsentsModule],
  controllers: [RegistrationController],
  providers: [RegistrationService],
})
export class RegistrationModule {}
