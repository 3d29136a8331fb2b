import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { RoleChanges } from './role-changes';
import { ProposeRoleChangeDto, RoleChangeListQuery, RoleChangeView } from './role-changes.dto';
import { Role } from './roles';
import { Endpoint } from '../openapi/endpoint.decorator';

/** Roles change only here, under four eyes (see RoleChanges). */
@ApiTags('staff')
@Controller()
export class RoleChangesController {
  constructor(private readonly roleChanges: RoleChanges) {}

  /** The full new set: APPLIED at once, or PENDING when it adds COMPLIANCE_OFFICER. */
  @Endpoint({
    id: 'proposeRoleChange',
    summary: 'Propose a new set of roles for a staff member',
    answer: RoleChangeView,
    errors: ['NOT_FOUND', 'ROLE_CONFLICT', 'INVALID_STATE', 'LAST_ACTIVE_ADMIN'],
  })
  @Post('staff/:id/role-changes')
  @Access(Staff(Role.ADMIN))
  propose(
    @IdParam() id: string,
    @Body() dto: ProposeRoleChangeDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RoleChangeView> {
    return this.roleChanges.propose(id, dto, ctx);
  }

  @Endpoint({
    id: 'approveRoleChange',
    summary: 'Approve a pending role change',
    answer: RoleChangeView,
    status: 200,
    errors: ['NOT_FOUND', 'ROLE_CONFLICT', 'INVALID_STATE', 'LAST_ACTIVE_ADMIN'],
  })
  @Post('role-changes/:id/approve')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  approve(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<RoleChangeView> {
    return this.roleChanges.approve(id, ctx);
  }

  @Endpoint({
    id: 'listRoleChanges',
    summary: 'List role changes',
    answer: { page: RoleChangeView },
  })
  @Get('role-changes')
  @Access(Staff(Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: RoleChangeListQuery): Promise<Page<RoleChangeView>> {
    return this.roleChanges.list(query);
  }
}
