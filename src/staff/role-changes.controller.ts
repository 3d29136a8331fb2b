import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { RoleChanges } from './role-changes';
import { ProposeRoleChangeDto, RoleChangeListQuery, type RoleChangeView } from './role-changes.dto';
import { Role } from './roles';

/** Roles change only here, under four eyes (see RoleChanges). */
@ApiTags('staff')
@Controller()
export class RoleChangesController {
  constructor(private readonly roleChanges: RoleChanges) {}

  /** The full new set: APPLIED at once, or PENDING when it adds COMPLIANCE_OFFICER. */
  @Post('staff/:id/role-changes')
  @Access(Staff(Role.ADMIN))
  propose(
    @IdParam() id: string,
    @Body() dto: ProposeRoleChangeDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RoleChangeView> {
    return this.roleChanges.propose(id, dto, ctx);
  }

  @Post('role-changes/:id/approve')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  approve(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<RoleChangeView> {
    return this.roleChanges.approve(id, ctx);
  }

  @Get('role-changes')
  @Access(Staff(Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: RoleChangeListQuery): Promise<Page<RoleChangeView>> {
    return this.roleChanges.list(query);
  }
}
