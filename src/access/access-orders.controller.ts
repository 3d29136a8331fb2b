import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import {
  AccessOrderView,
  EffectiveAccessView,
  GrantClientDto,
  IssueOrderDto,
  OrderListQuery,
  RevokeOrderDto,
} from './access-orders.dto';
import { AccessOrdersService } from './access-orders.service';
import { EffectiveAccess } from './effective-access';
import { Endpoint } from '../openapi/endpoint.decorator';

/** Orders are issued and revoked by compliance officers; auditors may read them. */
@ApiTags('staff authorization')
@Controller()
export class AccessOrdersController {
  constructor(
    private readonly orders: AccessOrdersService,
    private readonly effective: EffectiveAccess,
  ) {}

  @Endpoint({
    id: 'issueAccessOrder',
    summary: 'Issue an access order to an employee',
    answer: AccessOrderView,
    errors: [
      'NOT_FOUND',
      'SELF_ISSUE_FORBIDDEN',
      'ORDER_CAP_REACHED',
      'EMPLOYEE_INACTIVE',
      'ROLE_CONFLICT',
      'ALREADY_EXISTS',
      'ACCOUNT_SUSPENDED',
      'PLEDGE_REQUIRED',
    ],
  })
  @Post('access-orders')
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  issue(@Body() dto: IssueOrderDto, @Ctx() ctx: RequestContext): Promise<AccessOrderView> {
    return this.orders.issue(dto, ctx);
  }

  @Endpoint({
    id: 'listAccessOrders',
    summary: 'List access orders',
    answer: { page: AccessOrderView },
  })
  @Get('access-orders')
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: OrderListQuery): Promise<Page<AccessOrderView>> {
    return this.orders.list(query);
  }

  @Endpoint({
    id: 'getAccessOrder',
    summary: 'Read an access order',
    answer: AccessOrderView,
    errors: ['NOT_FOUND'],
  })
  @Get('access-orders/:id')
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  get(@IdParam() id: string): Promise<AccessOrderView> {
    return this.orders.get(id);
  }

  @Endpoint({
    id: 'revokeAccessOrder',
    summary: 'Revoke an access order',
    answer: AccessOrderView,
    status: 200,
    errors: ['NOT_FOUND', 'SELF_ISSUE_FORBIDDEN', 'INVALID_STATE', 'ACCOUNT_SUSPENDED'],
  })
  @Post('access-orders/:id/revoke')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  revoke(
    @IdParam() id: string,
    @Body() dto: RevokeOrderDto,
    @Ctx() ctx: RequestContext,
  ): Promise<AccessOrderView> {
    return this.orders.revoke(id, dto, ctx);
  }

  /** A service client's PD categories (DESIGN.md); revoked like an order. */
  @Endpoint({
    id: 'grantClientAccess',
    summary: 'Grant a service client PD categories',
    answer: AccessOrderView,
    errors: [
      'NOT_FOUND',
      'INVALID_STATE',
      'ALREADY_EXISTS',
      'ACCOUNT_SUSPENDED',
      'SELF_ISSUE_FORBIDDEN',
    ],
  })
  @Post('client-grants')
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  grant(@Body() dto: GrantClientDto, @Ctx() ctx: RequestContext): Promise<AccessOrderView> {
    return this.orders.grant(dto, ctx);
  }

  @Endpoint({
    id: 'getEffectiveAccess',
    summary: 'What an employee may touch now, and why',
    answer: EffectiveAccessView,
    errors: ['NOT_FOUND'],
  })
  @Get('staff/:id/effective-access')
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  effectiveAccess(@IdParam() id: string): Promise<EffectiveAccessView> {
    return this.effective.of(id);
  }
}
