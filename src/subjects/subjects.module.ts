import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractStateChange } from './contract-state-change.entity';
import { ContractsService } from './contracts.service';
import { RetentionMarks } from './retention-marks';
import { SubjectAccounts } from './subject-accounts.service';
import { SubjectErasure } from './subject-erasure';
import { SubjectChange } from './subject-change.entity';
import { Subject } from './subject.entity';
import { SubjectStandings } from './subject-standings';
import { SubjectsService } from './subjects.service';
import { ContractsController } from './contracts.controller';
import { MeController } from './me.controller';
import { SubjectAuthController } from './subject-auth.controller';
import { VisitsController } from './visits.controller';
import { Visit } from './visit.entity';
import { ErasureLedgerModule } from '../erasure-ledger/erasure-ledger.module';
import { VisitsService } from './visits.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Subject, SubjectChange, ContractStateChange, Visit]),
    ErasureLedgerModule,
  ],
  controllers: [SubjectAuthController, MeController, ContractsController, VisitsController],
  providers: [
    SubjectsService,
    SubjectStandings,
    SubjectErasure,
    RetentionMarks,
    SubjectAccounts,
    ContractsService,
    VisitsService,
  ],
  exports: [SubjectsService, SubjectStandings, SubjectErasure, RetentionMarks, VisitsService],
})
export class SubjectsModule {}
