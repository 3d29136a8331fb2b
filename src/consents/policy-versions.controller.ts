import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Public, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import {
  PolicyVersionListQuery,
  type PolicyVersionView,
  PublishPolicyVersionDto,
} from './policy-versions.dto';
import { PolicyVersionsService } from './policy-versions.service';

@ApiTags('consents')
@Controller('policy-versions')
export class PolicyVersionsController {
  constructor(private readonly versions: PolicyVersionsService) {}

  @Post()
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  publish(
    @Body() dto: PublishPolicyVersionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<PolicyVersionView> {
    return this.versions.publish(dto, ctx);
  }

  /** The policy in force: what registration must accept (P12). */
  @Get('current')
  @Access(Public)
  current(): Promise<PolicyVersionView> {
    return this.versions.current();
  }

  @Get()
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: PolicyVersionListQuery): Promise<Page<PolicyVersionView>> {
    return this.versions.list(query);
  }
}
