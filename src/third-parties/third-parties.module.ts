import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentsModule } from '../consents/consents.module';
import { AccessModule } from '../access/access.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { CountriesService } from './countries.service';
import { CountryDecision } from './country-decision.entity';
import { RegistryChange } from './registry-change.entity';
import { RegistryHistory } from './registry-history';
import { CountriesController, ThirdPartiesController } from './third-parties.controller';
import { ThirdPartiesService } from './third-parties.service';
import { ThirdParty } from './third-party.entity';
import { Transfer } from './transfer.entity';
import { MyTransfersController, TransfersController } from './transfers.controller';
import { TransfersService } from './transfers.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ThirdParty, CountryDecision, RegistryChange, Transfer]),
    SubjectsModule,
    ConsentsModule,
    AccessModule,
  ],
  controllers: [
    ThirdPartiesController,
    CountriesController,
    TransfersController,
    MyTransfersController,
  ],
  providers: [RegistryHistory, ThirdPartiesService, CountriesService, TransfersService],
  exports: [TransfersService],
})
export class ThirdPartiesModule {}
