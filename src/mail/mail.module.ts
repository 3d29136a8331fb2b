import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Mailer } from './mailer';
import { Outbox } from './outbox';
import { OutboxController } from './outbox.controller';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxPrinter } from './outbox-printer';
import { OutboxWorker } from './outbox-worker';
import { MailRenderers } from './renderers';

/**
 * Email through a database outbox (DESIGN.md, "Running at scale"): features queue
 * messages in their own transactions (Outbox.enqueue) and register how to render each
 * kind (MailRenderers); the worker on every instance delivers them over SMTP.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  controllers: [OutboxController],
  providers: [Outbox, Mailer, MailRenderers, OutboxWorker, OutboxPrinter],
  exports: [Outbox, MailRenderers, OutboxPrinter],
})
export class MailModule {}
