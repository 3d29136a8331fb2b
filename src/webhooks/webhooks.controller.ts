import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import {
  CreateWebhookDto,
  DeliveryListQuery,
  DeliveryPage,
  type DeliveryView,
  UpdateWebhookDto,
  WebhookListQuery,
  WebhookPage,
  type WebhookView,
  type WebhookWithSecret,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** Signed events for service clients (issue 14 §4): administrators manage the endpoints. */
@ApiTags('webhooks')
@Controller('webhooks')
@Access(Staff(Role.ADMIN))
@ApiNotFoundResponse({ description: 'NOT_FOUND: no such webhook, client or delivery' })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  create(@Body() dto: CreateWebhookDto, @Ctx() ctx: RequestContext): Promise<WebhookWithSecret> {
    return this.webhooks.create(dto, ctx);
  }

  @Get()
  @ApiOkResponse({ type: WebhookPage })
  list(@Query() query: WebhookListQuery): Promise<Page<WebhookView>> {
    return this.webhooks.list(query);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  update(
    @IdParam() id: string,
    @Body() dto: UpdateWebhookDto,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookView> {
    return this.webhooks.update(id, dto, ctx);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.webhooks.remove(id, ctx);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPage })
  deliveries(
    @IdParam() id: string,
    @Query() query: DeliveryListQuery,
  ): Promise<Page<DeliveryView>> {
    return this.webhooks.deliveries(id, query);
  }

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
