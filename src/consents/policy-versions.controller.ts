import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Public, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import { type Page, PageQuery } from '../common/pagination';
import { Role } from '../staff/roles';
import { PendingAcceptancesView } from './consents.dto';
import {
  PolicyVersionListQuery,
  PolicyVersionView,
  PublishedPolicyVersionView,
  PublishPolicyVersionDto,
} from './policy-versions.dto';
import { PolicyVersionsService } from './policy-versions.service';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('consents')
@Controller('policy-versions')
export class PolicyVersionsController {
  constructor(private readonly versions: PolicyVersionsService) {}

  @Endpoint({
    id: 'publishPolicyVersion',
    summary: 'Publish a privacy policy version',
    answer: PublishedPolicyVersionView,
    errors: ['ALREADY_EXISTS'],
  })
  @Post()
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  publish(
    @Body() dto: PublishPolicyVersionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<PublishedPolicyVersionView> {
    return this.versions.publish(dto, ctx);
  }

  /** The policy in force: what registration must accept (P12). */
  @Endpoint({
    id: 'getCurrentPolicyVersion',
    summary: 'Read the policy version in force',
    answer: PolicyVersionView,
    errors: ['NOT_FOUND'],
  })
  @Get('current')
  @Access(Public)
  current(): Promise<PolicyVersionView> {
    return this.versions.current();
  }

  @Endpoint({
    id: 'listPolicyVersions',
    summary: 'List policy versions',
    answer: { page: PolicyVersionView },
  })
  @Get()
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: PolicyVersionListQuery): Promise<Page<PolicyVersionView>> {
    return this.versions.list(query);
  }

  /** Subjects whose PD_PROCESSING consent is under an earlier version: not yet accepted (P20). */
  @Endpoint({
    id: 'listPendingAcceptances',
    summary: 'Subjects who have not accepted a policy version',
    answer: PendingAcceptancesView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id/pending-acceptances')
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  pendingAcceptances(
    @IdParam() id: string,
    @Query() query: PageQuery,
  ): Promise<PendingAcceptancesView> {
    return this.versions.pendingAcceptances(id, query);
  }
}
