import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookWorker } from './webhook-worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Signed events instead of polling (issue 14 §4). Global, because the features whose
 * changes are events (consents, data requests, transfers, erasure, policy versions,
 * contracts) queue them through WebhookOutbox.emit inside their own transactions.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]), ClientsModule],
  controllers: [WebhooksController],
  providers: [WebhookOutbox, WebhookSecrets, WebhookWorker, WebhooksService],
  exports: [WebhookOutbox, WebhookWorker, WebhookSecrets],
})
export class WebhooksModule {}
