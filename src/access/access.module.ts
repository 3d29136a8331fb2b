import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { ConsentsModule } from '../consents/consents.module';
import { StaffModule } from '../staff/staff.module';
import { AccessOrder } from './access-order.entity';
import { AccessOrdersController } from './access-orders.controller';
import { AccessOrdersService } from './access-orders.service';
import { EffectiveAccess } from './effective-access';
import { HolderStanding } from './holder-standing';
import { PdAccess } from './pd-access';
import { PdProjection } from './pd-projection';
import { PledgeSignature } from './pledge-signature.entity';
import { PledgeVersion } from './pledge-version.entity';
import { PledgesController } from './pledges.controller';
import { PledgesService } from './pledges.service';

/** Pledges, access orders and client grants, and the access rule every PD touch passes (P9–P11). */
@Module({
  imports: [
    TypeOrmModule.forFeature([PledgeVersion, PledgeSignature, AccessOrder]),
    StaffModule,
    ClientsModule,
    ConsentsModule,
  ],
  controllers: [PledgesController, AccessOrdersController],
  providers: [
    PledgesService,
    AccessOrdersService,
    EffectiveAccess,
    HolderStanding,
    PdAccess,
    PdProjection,
  ],
  exports: [PdAccess, PdProjection, AccessOrdersService],
})
export class AccessModule {}
