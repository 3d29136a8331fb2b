import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Role } from '../staff/roles';
import { OutboxListQuery, OutboxPage } from './outbox.dto';
import { Outbox } from './outbox';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('mail')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly outbox: Outbox) {}

  /** Delivery status of queued email (P20): ids, statuses and codes, no address or text. */
  @Endpoint({ id: 'listOutbox', summary: 'List the email outbox', answer: OutboxPage })
  @Get()
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  list(@Query() query: OutboxListQuery): Promise<OutboxPage> {
    return this.outbox.list(query);
  }
}
