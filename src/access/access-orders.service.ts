import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, IsNull, Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type NewAuditEntry, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { JobLocks } from '../database/job-locks';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { StaffService } from '../staff/staff.service';
import { AccessOrder } from './access-order.entity';
import {
  type AccessOrderView,
  type GrantClientDto,
  type IssueOrderDto,
  type OrderListQuery,
  OrderState,
  type OrderTermsDto,
  type RevokeOrderDto,
} from './access-orders.dto';
import { inForce } from './order-terms';
import { HolderKind } from './vocabulary';

const DAY_MS = 86_400_000;

/**
 * Access orders (P10, P11.2) and service clients' grants. Four eyes: a compliance officer
 * issues and revokes, never for themself. The cap on people per category is checked
 * under a lock written per category (JobLocks.holdUntilEnd), so two officers issuing at
 * once on two instances, or on two nodes of a Galera cluster, cannot pass it together.
 */
@Injectable()
export class AccessOrdersService {
  constructor(
    @InjectRepository(AccessOrder) private readonly orders: Repository<AccessOrder>,
    private readonly staff: StaffService,
    private readonly clients: ClientsService,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
    private readonly locks: JobLocks,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async issue(dto: IssueOrderDto, ctx: RequestContext): Promise<AccessOrderView> {
    const attempt = this.attempt(ctx, AuditAction.ORDER_ISSUE, dto.employeeId, dto);
    return this.trail.refusals(
      attempt,
      ['SELF_ISSUE_FORBIDDEN', 'EMPLOYEE_INACTIVE', 'ORDER_CAP_REACHED'],
      async () => {
        if (dto.employeeId === ctx.principal.id) {
          throw new AppError(
            'SELF_ISSUE_FORBIDDEN',
            'An access order is issued by another compliance officer, never by the person it names',
          );
        }
        const employee = await this.staff.get(dto.employeeId);
        if (!employee.active) {
          throw new AppError(
            'EMPLOYEE_INACTIVE',
            'The employee is inactive and cannot hold an order',
          );
        }
        const order = this.newOrder(HolderKind.STAFF, dto.employeeId, dto, ctx);
        await this.transactions.run(async (tx) => {
          // Categories are sorted (newOrder): two orders take their locks in one order.
          for (const category of order.categories)
            await this.locks.holdUntilEnd(`access-orders:cap:${category}`, tx);
          await this.assertUnderCap(order, tx);
          await tx.manager.insert(AccessOrder, order);
          await this.trail.record(
            { ...attempt, outcome: AuditOutcome.ALLOWED, targetId: order.id },
            tx,
          );
        });
        return orderView(order, this.clock.now());
      },
    );
  }

  /** A service client's grant of PD categories (DESIGN.md): an order in all but the person. */
  async grant(dto: GrantClientDto, ctx: RequestContext): Promise<AccessOrderView> {
    const client = await this.clients.get(dto.clientId);
    if (!client.active) {
      throw new AppError(
        'EMPLOYEE_INACTIVE',
        'The service client is inactive and cannot hold a grant',
      );
    }
    const order = this.newOrder(HolderKind.CLIENT, dto.clientId, dto, ctx);
    const attempt = this.attempt(ctx, AuditAction.CLIENT_GRANT, dto.clientId, dto);
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(AccessOrder, order);
      await this.trail.record(
        { ...attempt, outcome: AuditOutcome.ALLOWED, targetId: order.id },
        tx,
      );
    });
    return orderView(order, this.clock.now());
  }

  /** Takes effect on the holder's very next request: nothing is cached. */
  async revoke(id: string, dto: RevokeOrderDto, ctx: RequestContext): Promise<AccessOrderView> {
    const order = await this.orders.findOneBy({ id });
    if (!order) throw notFound('Access order');
    const attempt: Omit<NewAuditEntry, 'outcome'> = {
      ...originOf(ctx),
      action: AuditAction.ORDER_REVOKE,
      targetId: order.id,
      categories: order.categories,
      reason: dto.reason,
    };
    return this.trail.refusals(attempt, ['SELF_ISSUE_FORBIDDEN'], async () => {
      if (order.holderId === ctx.principal.id) {
        throw new AppError(
          'SELF_ISSUE_FORBIDDEN',
          'An order is revoked by another compliance officer',
        );
      }
      if (order.revokedAt) return orderView(order, this.clock.now());
      const now = this.clock.now();
      const revoked: AccessOrder = {
        ...order,
        revokedAt: now,
        revokedBy: ctx.principal.id,
        revocationReason: dto.reason,
      };
      await this.transactions.run(async (tx) => {
        const updated = await tx.manager.update(
          AccessOrder,
          { id, revokedAt: IsNull() },
          { revokedAt: now, revokedBy: ctx.principal.id, revocationReason: dto.reason },
        );
        if (updated.affected !== 1)
          throw new AppError('CONCURRENT_CHANGE', 'The order was revoked meanwhile');
        await this.trail.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
      });
      return orderView(revoked, now);
    });
  }

  async get(id: string): Promise<AccessOrderView> {
    const order = await this.orders.findOneBy({ id });
    if (!order) throw notFound('Access order');
    return orderView(order, this.clock.now());
  }

  async list(query: OrderListQuery): Promise<Page<AccessOrderView>> {
    const now = this.clock.now();
    const builder = this.orders.createQueryBuilder('o');
    if (query.employeeId) {
      builder.andWhere('o.holderKind = :staff AND o.holderId = :employeeId', {
        staff: HolderKind.STAFF,
        employeeId: query.employeeId,
      });
    }
    if (query.clientId) {
      builder.andWhere('o.holderKind = :client AND o.holderId = :clientId', {
        client: HolderKind.CLIENT,
        clientId: query.clientId,
      });
    }
    if (query.category)
      builder.andWhere('o.categories LIKE :category', { category: `%"${query.category}"%` });
    if (query.state) stateFilter(builder, query.state, now);
    const page = await paginate(builder, query, 'issuedAt');
    return { items: page.items.map((order) => orderView(order, now)), nextCursor: page.nextCursor };
  }

  /** All of a holder's orders, ended ones included: to explain a refusal. */
  history(holderId: string): Promise<AccessOrder[]> {
    return this.orders.find({ where: { holderId }, order: { issuedAt: 'DESC' }, take: 200 });
  }

  /**
   * P11.2: the people holding an order on a category in force at any moment of the new
   * order's validity, the employee themself aside, must stay under the cap. Counting
   * every overlap is conservative: two orders that never coincide both count.
   */
  private async assertUnderCap(order: AccessOrder, tx: Tx): Promise<void> {
    const overlapping = await tx.manager
      .getRepository(AccessOrder)
      .createQueryBuilder('o')
      .select(['o.holderId', 'o.categories'])
      .where('o.holderKind = :staff', { staff: HolderKind.STAFF })
      .andWhere('o.holderId <> :self', { self: order.holderId })
      .andWhere('o.revokedAt IS NULL')
      .andWhere('o.validFrom < :until AND o.validUntil > :from', {
        until: order.validUntil,
        from: new Date(Math.max(order.validFrom.getTime(), this.clock.now().getTime())),
      })
      .getMany();
    const cap = this.config.accessOrders.capPerCategory;
    for (const category of order.categories) {
      const people = new Set(
        overlapping
          .filter((other) => other.categories.includes(category))
          .map((other) => other.holderId),
      );
      if (people.size >= cap) {
        throw new AppError(
          'ORDER_CAP_REACHED',
          `${cap} people already hold an order on ${category} in this period (P11.2)`,
          { category, cap },
        );
      }
    }
  }

  private newOrder(
    kind: HolderKind,
    holderId: string,
    dto: OrderTermsDto,
    ctx: RequestContext,
  ): AccessOrder {
    const validFrom = new Date(dto.validFrom);
    const validUntil = new Date(dto.validUntil);
    const maxDays = this.config.accessOrders.maxDays;
    if (validUntil <= validFrom) {
      throw validationFailed([
        { field: 'validUntil', constraints: ['validUntil must be after validFrom'] },
      ]);
    }
    if (validUntil.getTime() - validFrom.getTime() > maxDays * DAY_MS) {
      throw validationFailed([
        {
          field: 'validUntil',
          constraints: [`validUntil must be at most ${maxDays} days after validFrom`],
        },
      ]);
    }
    return {
      id: randomUUID(),
      holderKind: kind,
      holderId,
      number: dto.number,
      issuedOn: dto.issuedOn,
      basis: dto.basis,
      categories: sorted(dto.categories),
      operations: sorted(dto.operations),
      purposes: sorted(dto.purposes),
      validFrom,
      validUntil,
      issuedBy: ctx.principal.id,
      issuedAt: this.clock.now(),
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
    };
  }

  private attempt(
    ctx: RequestContext,
    action: AuditAction,
    holderId: string,
    dto: OrderTermsDto,
  ): Omit<NewAuditEntry, 'outcome'> {
    return {
      ...originOf(ctx),
      action,
      targetId: holderId,
      categories: dto.categories,
      reason: `order ${dto.number}`,
    };
  }
}

const sorted = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();

function stateFilter(
  builder: ReturnType<Repository<AccessOrder>['createQueryBuilder']>,
  state: OrderState,
  now: Date,
): void {
  switch (state) {
    case OrderState.REVOKED:
      builder.andWhere('o.revokedAt IS NOT NULL');
      return;
    case OrderState.EXPIRED:
      builder.andWhere('o.revokedAt IS NULL AND o.validUntil <= :now', { now });
      return;
    case OrderState.FUTURE:
      builder.andWhere('o.revokedAt IS NULL AND o.validFrom > :now', { now });
      return;
    case OrderState.IN_FORCE:
      builder.andWhere(
        new Brackets((inner) =>
          inner.where('o.revokedAt IS NULL AND o.validFrom <= :now AND o.validUntil > :now', {
            now,
          }),
        ),
      );
  }
}

export function orderState(order: AccessOrder, now: Date): OrderState {
  if (order.revokedAt && order.revokedAt <= now) return OrderState.REVOKED;
  if (inForce(order, now)) return OrderState.IN_FORCE;
  return now < order.validFrom ? OrderState.FUTURE : OrderState.EXPIRED;
}

export function orderView(order: AccessOrder, now: Date): AccessOrderView {
  return {
    id: order.id,
    holderKind: order.holderKind,
    holderId: order.holderId,
    number: order.number,
    issuedOn: order.issuedOn,
    basis: order.basis,
    categories: order.categories,
    operations: order.operations,
    purposes: order.purposes,
    validFrom: order.validFrom.toISOString(),
    validUntil: order.validUntil.toISOString(),
    state: orderState(order, now),
    issuedBy: order.issuedBy,
    issuedAt: order.issuedAt.toISOString(),
    revokedAt: order.revokedAt?.toISOString() ?? null,
    revokedBy: order.revokedBy,
    revocationReason: order.revocationReason,
  };
}
