import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import { IncidentListQuery, IncidentView, LiftIncidentDto, OpenIncidentDto } from './incidents.dto';
import { IncidentsService } from './incidents.service';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('incidents')
@Controller('incidents')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Endpoint({ id: 'listIncidents', summary: 'List incidents', answer: { page: IncidentView } })
  @Get()
  list(@Query() query: IncidentListQuery): Promise<Page<IncidentView>> {
    return this.incidents.list(query);
  }

  /** An officer opens an incident by hand; the account is suspended at once. */
  @Endpoint({
    id: 'openIncident',
    summary: 'Open an incident, suspending the access it names',
    answer: IncidentView,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'SELF_ISSUE_FORBIDDEN', 'ALREADY_EXISTS'],
  })
  @Post()
  open(@Body() dto: OpenIncidentDto, @Ctx() ctx: RequestContext): Promise<IncidentView> {
    return this.incidents.openManually(dto, ctx);
  }

  /** Lifts the suspension; who lifted it and why are kept. */
  @Endpoint({
    id: 'liftIncident',
    summary: "Lift an incident's suspension",
    answer: IncidentView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'SELF_ISSUE_FORBIDDEN'],
  })
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
