import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { StaffModule } from '../staff/staff.module';
import { Detection } from './detection';
import { Incident } from './incident.entity';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/** Detection over the audit trail and the incidents it opens (P16). */
@Module({
  imports: [TypeOrmModule.forFeature([Incident]), StaffModule, ClientsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, Detection],
  exports: [IncidentsService],
})
export class IncidentsModule {}
