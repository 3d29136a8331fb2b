import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import { IncidentListQuery, IncidentView, LiftIncidentDto, OpenIncidentDto } from './incidents.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller('incidents')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  list(@Query() query: IncidentListQuery): Promise<Page<IncidentView>> {
    return this.incidents.list(query);
  }

  /** An officer opens an incident by hand; the account is suspended at once. */
  @Post()
  open(@Body() dto: OpenIncidentDto, @Ctx() ctx: RequestContext): Promise<IncidentView> {
    return this.incidents.openManually(dto, ctx);
  }

  /** Lifts the suspension; who lifted it and why are kept. */
  @Post(':id/lift')
  @HttpCode(200)
  lift(
    @IdParam() id: string,
    @Body() dto: LiftIncidentDto,
    @Ctx() ctx: RequestContext,
  ): Promise<IncidentView> {
    return this.incidents.lift(id, dto, ctx);
  }
}
