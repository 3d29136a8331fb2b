import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { CabinetConsents } from './cabinet-consents.service';
import { Consent } from './consent.entity';
import { ConsentLedger } from './consent-ledger';
import { ConsentReceipts } from './consent-receipts.service';
import { MyConsentsController, SubjectConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';
import { PolicyChangeMail } from './policy-change-mail';
import { PolicyChangeNotices } from './policy-change-notices';
import { PolicyVersion } from './policy-version.entity';
import { PolicyVersionsController } from './policy-versions.controller';
import { PolicyVersionsService } from './policy-versions.service';

@Module({
  imports: [TypeOrmModule.forFeature([PolicyVersion, Consent]), SubjectsModule, MailModule],
  controllers: [PolicyVersionsController, MyConsentsController, SubjectConsentsController],
  providers: [
    ConsentLedger,
    PolicyVersionsService,
    PolicyChangeNotices,
    PolicyChangeMail,
    ConsentsService,
    CabinetConsents,
    ConsentReceipts,
  ],
  exports: [PolicyVersionsService, ConsentsService],
})
export class ConsentsModule {}
