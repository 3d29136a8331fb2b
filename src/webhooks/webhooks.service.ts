import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { fieldsSet, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { refuseUrl, type TargetRefusal } from './target-guard';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookSecrets } from './webhook-secrets';
import type {
  CreateWebhookDto,
  DeliveryListQuery,
  DeliveryView,
  UpdateWebhookDto,
  WebhookListQuery,
  WebhookView,
  WebhookWithSecret,
} from './webhooks.dto';
import { DeliveryStatus } from './vocabulary';

const REFUSALS: Record<TargetRefusal, string> = {
  NOT_A_URL: 'url must be an absolute URL',
  SCHEME_NOT_ALLOWED: 'url must use https',
  CREDENTIALS_IN_URL: 'url must not carry a user name or password',
  PRIVATE_ADDRESS: 'url must not point to a loopback, private or link-local address',
};

/** Webhook endpoints and their deliveries, managed by an administrator (issue 14 §4). */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly sent: Repository<WebhookDelivery>,
    private readonly transactions: Transactions,
    private readonly secrets: WebhookSecrets,
    private readonly clients: ClientsService,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new endpoint; its secret is in this answer only. WEBHOOK_CREATE. */
  async create(dto: CreateWebhookDto, ctx: RequestContext): Promise<WebhookWithSecret> {
    this.checkUrl(dto.url);
    await this.clients.get(dto.clientId);
    const id = randomUUID();
    const { secret, secretSealed, masterKeyId } = this.secrets.create(id);
    const now = this.clock.now();
    const endpoint: WebhookEndpoint = {
      id,
      clientId: dto.clientId,
      url: dto.url,
      events: dto.events,
      secretSealed,
      masterKeyId,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(WebhookEndpoint, endpoint);
      await this.record(ctx, AuditAction.WEBHOOK_CREATE, id, tx);
    });
    return { ...view(endpoint), secret };
  }

  async list(query: WebhookListQuery): Promise<Page<WebhookView>> {
    const builder = this.endpoints.createQueryBuilder('endpoint');
    if (query.clientId)
      builder.andWhere('endpoint.clientId = :clientId', { clientId: query.clientId });
    const page = await paginate(builder, query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<WebhookView> {
    return view(await this.find(id));
  }

  /** url, events, activation: WEBHOOK_UPDATE naming the fields changed. */
  async update(id: string, dto: UpdateWebhookDto, ctx: RequestContext): Promise<WebhookView> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    const updated = await this.transactions.run(async (tx) => {
      const endpoint = await this.find(id, tx);
      const changes: Partial<WebhookEndpoint> = {
        url: dto.url ?? endpoint.url,
        events: dto.events ?? endpoint.events,
        active: dto.active ?? endpoint.active,
        updatedAt: this.clock.now(),
      };
      await tx.manager.update(WebhookEndpoint, { id }, changes);
      await this.record(ctx, AuditAction.WEBHOOK_UPDATE, id, tx, fieldsSet(dto));
      return { ...endpoint, ...changes };
    });
    return view(updated);
  }

  /**
   * A new signing secret, in this answer only. Deliveries sent from now on are signed with
   * it; the old secret signs nothing more (a leaked one is revoked by rotating). Audited
   * as WEBHOOK_SECRET_ROTATE.
   */
  async rotateSecret(id: string, ctx: RequestContext): Promise<WebhookWithSecret> {
    const { secret, secretSealed, masterKeyId } = this.secrets.create(id);
    const rotated = await this.transactions.run(async (tx) => {
      const endpoint = await this.find(id, tx);
      const changes = { secretSealed, masterKeyId, updatedAt: this.clock.now() };
      await tx.manager.update(WebhookEndpoint, { id }, changes);
      await this.record(ctx, AuditAction.WEBHOOK_SECRET_ROTATE, id, tx);
      return { ...endpoint, ...changes };
    });
    return { ...view(rotated), secret };
  }

  /** The endpoint and its deliveries, queued or done. WEBHOOK_DELETE. */
  async remove(id: string, ctx: RequestContext): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.find(id, tx);
      await tx.manager.delete(WebhookDelivery, { endpointId: id });
      await tx.manager.delete(WebhookEndpoint, { id });
      await this.record(ctx, AuditAction.WEBHOOK_DELETE, id, tx);
    });
  }

  async deliveries(id: string, query: DeliveryListQuery): Promise<Page<DeliveryView>> {
    await this.find(id);
    const builder = this.sent
      .createQueryBuilder('delivery')
      .where('delivery.endpointId = :id', { id });
    if (query.status) builder.andWhere('delivery.status = :status', { status: query.status });
    const page = await paginate(builder, query);
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  /**
   * Queues a delivery again, due now, with WEBHOOK_MAX_ATTEMPTS fresh attempts; refused
   * (INVALID_STATE) while an instance is sending it. WEBHOOK_REDELIVER.
   */
  async redeliver(id: string, deliveryId: string, ctx: RequestContext): Promise<DeliveryView> {
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.WEBHOOK_REDELIVER,
      targetId: deliveryId,
    };
    return this.audit.refusals(attempt, ['INVALID_STATE'], () =>
      this.transactions.run(async (tx) => {
        const delivery = await tx.manager.findOneBy(WebhookDelivery, {
          id: deliveryId,
          endpointId: id,
        });
        if (!delivery) throw notFound('Delivery');
        if (delivery.status === DeliveryStatus.SENDING) {
          throw new AppError('INVALID_STATE', 'The delivery is being sent; try again shortly');
        }
        const changes = {
          status: DeliveryStatus.PENDING,
          attempts: 0,
          nextAttemptAt: this.clock.now(),
          deliveredAt: null,
        };
        const updated = await tx.manager.update(
          WebhookDelivery,
          { id: deliveryId, status: delivery.status, attempts: delivery.attempts },
          changes,
        );
        if (updated.affected !== 1) {
          throw new AppError('CONCURRENT_CHANGE', 'The delivery changed meanwhile; retry');
        }
        await this.audit.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
        return deliveryView({ ...delivery, ...changes });
      }),
    );
  }

  private checkUrl(url: string): void {
    const refusal = refuseUrl(url, this.config.webhooks);
    if (refusal) throw validationFailed([{ field: 'url', constraints: [REFUSALS[refusal]] }]);
  }

  private async record(
    ctx: RequestContext,
    action: AuditAction,
    targetId: string,
    tx: Tx,
    fields?: string[],
  ): Promise<void> {
    await this.audit.record(
      {
        ...originOf(ctx),
        action,
        outcome: AuditOutcome.ALLOWED,
        targetId,
        ...(fields ? { fields } : {}),
      },
      tx,
    );
  }

  private async find(id: string, tx?: Tx): Promise<WebhookEndpoint> {
    const repository = tx ? tx.manager.getRepository(WebhookEndpoint) : this.endpoints;
    const endpoint = await repository.findOneBy({ id });
    if (!endpoint) throw notFound('Webhook');
    return endpoint;
  }
}

function view(endpoint: WebhookEndpoint): WebhookView {
  return {
    id: endpoint.id,
    clientId: endpoint.clientId,
    url: endpoint.url,
    events: endpoint.events,
    active: endpoint.active,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

function deliveryView(delivery: WebhookDelivery): DeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt.toISOString(),
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
