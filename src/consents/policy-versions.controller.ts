import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Public, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import { type Page, PageQuery } from '../common/pagination';
import { Role } from '../staff/roles';
import type { PendingAcceptancesView } from './consents.dto';
import {
  PolicyVersionListQuery,
  type PolicyVersionView,
  type PublishedPolicyVersionView,
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
  ): Promise<PublishedPolicyVersionView> {
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

  /** Subjects whose PD_PROCESSING consent is under an earlier version: not yet accepted (P20). */
  @Get(':id/pending-acceptances')
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  pendingAcceptances(
    @IdParam() id: string,
    @Query() query: PageQuery,
  ): Promise<PendingAcceptancesView> {
    return this.versions.pendingAcceptances(id, query);
  }
}
