import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Endpoint } from '../openapi/endpoint.decorator';
import { Role } from '../staff/roles';
import {
  CreateWebhookDto,
  DeliveryListQuery,
  DeliveryView,
  UpdateWebhookDto,
  WebhookListQuery,
  WebhookView,
  WebhookWithSecret,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** Signed events for service clients (issue 14 §4): administrators manage the endpoints. */
@ApiTags('webhooks')
@Controller('webhooks')
@Access(Staff(Role.ADMIN))
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Endpoint({
    id: 'createWebhook',
    summary: 'Register a webhook endpoint for a service client (its secret shown once)',
    answer: WebhookWithSecret,
    errors: ['NOT_FOUND'],
  })
  @Post()
  create(@Body() dto: CreateWebhookDto, @Ctx() ctx: RequestContext): Promise<WebhookWithSecret> {
    return this.webhooks.create(dto, ctx);
  }

  @Endpoint({
    id: 'listWebhooks',
    summary: 'List webhook endpoints',
    answer: { page: WebhookView },
  })
  @Get()
  list(@Query() query: WebhookListQuery): Promise<Page<WebhookView>> {
    return this.webhooks.list(query);
  }

  @Endpoint({
    id: 'getWebhook',
    summary: 'Read a webhook endpoint (never its secret)',
    answer: WebhookView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id')
  get(@IdParam() id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Endpoint({
    id: 'updateWebhook',
    summary: "Change a webhook endpoint's url, events or activation",
    answer: WebhookView,
    errors: ['NOT_FOUND'],
  })
  @Patch(':id')
  update(
    @IdParam() id: string,
    @Body() dto: UpdateWebhookDto,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookView> {
    return this.webhooks.update(id, dto, ctx);
  }

  @Endpoint({
    id: 'rotateWebhookSecret',
    summary:
      'Issue a new signing secret for a webhook endpoint (shown once; the old one stops signing)',
    answer: WebhookWithSecret,
    errors: ['NOT_FOUND'],
  })
  @Post(':id/secret')
  rotateSecret(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<WebhookWithSecret> {
    return this.webhooks.rotateSecret(id, ctx);
  }

  @Endpoint({
    id: 'deleteWebhook',
    summary: 'Delete a webhook endpoint and its deliveries',
    answer: 'none',
    status: 204,
    errors: ['NOT_FOUND'],
  })
  @Delete(':id')
  @HttpCode(204)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.webhooks.remove(id, ctx);
  }

  @Endpoint({
    id: 'listWebhookDeliveries',
    summary: "List a webhook endpoint's deliveries with their attempts and last response",
    answer: { page: DeliveryView },
    errors: ['NOT_FOUND'],
  })
  @Get(':id/deliveries')
  deliveries(
    @IdParam() id: string,
    @Query() query: DeliveryListQuery,
  ): Promise<Page<DeliveryView>> {
    return this.webhooks.deliveries(id, query);
  }

  @Endpoint({
    id: 'redeliverWebhookDelivery',
    summary: 'Queue a delivery again, due now, with fresh attempts',
    answer: DeliveryView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'CONCURRENT_CHANGE'],
  })
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  redeliver(
    @IdParam() id: string,
    @IdParam('deliveryId') deliveryId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliveryView> {
    return this.webhooks.redeliver(id, deliveryId, ctx);
  }
}
