import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientAuthController, ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { ServiceClient } from './service-client.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ServiceClient])],
  controllers: [ClientAuthController, ClientsController],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
