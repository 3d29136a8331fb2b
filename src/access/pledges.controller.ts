import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Role } from '../staff/roles';
import {
  PledgeSignatureView,
  PledgeVersionView,
  PublishPledgeVersionDto,
  SignPledgeDto,
} from './pledges.dto';
import { PledgesService } from './pledges.service';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('staff authorization')
@Controller()
export class PledgesController {
  constructor(private readonly pledges: PledgesService) {}

  @Endpoint({
    id: 'publishPledgeVersion',
    summary: 'Publish a confidentiality pledge version',
    answer: PledgeVersionView,
    errors: ['ALREADY_EXISTS'],
  })
  @Post('pledge-versions')
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  publish(
    @Body() dto: PublishPledgeVersionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<PledgeVersionView> {
    return this.pledges.publish(dto, ctx);
  }

  @Endpoint({
    id: 'getCurrentPledgeVersion',
    summary: 'Read the pledge version in force',
    answer: PledgeVersionView,
    errors: ['NOT_FOUND'],
  })
  @Get('pledge-versions/current')
  @Access(Staff())
  current(): Promise<PledgeVersionView> {
    return this.pledges.current();
  }

  /** The caller signs the pledge (P10): condition 3 of the access rule. */
  @Endpoint({
    id: 'signPledge',
    summary: 'Sign the current pledge version',
    answer: PledgeSignatureView,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'ALREADY_EXISTS'],
  })
  @Post('staff/me/pledges')
  @Access(Staff())
  sign(@Body() dto: SignPledgeDto, @Ctx() ctx: RequestContext): Promise<PledgeSignatureView> {
    return this.pledges.sign(dto, ctx);
  }
}
