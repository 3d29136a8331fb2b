import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Consent } from './consent.entity';
import { ConsentsService } from './consents.service';
import { PolicyVersion } from './policy-version.entity';
import { PolicyVersionsController } from './policy-versions.controller';
import { PolicyVersionsService } from './policy-versions.service';

@Module({
  imports: [TypeOrmModule.forFeature([PolicyVersion, Consent])],
  controllers: [PolicyVersionsController],
  providers: [PolicyVersionsService, ConsentsService],
  exports: [PolicyVersionsService, ConsentsService],
})
export class ConsentsModule {}
