import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Client } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RecordedView, VisitDto } from './subjects.dto';
import { VisitsService } from './visits.service';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('visits')
@Controller('visits')
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  /** Visit data from the site (P4.1). */
  @Endpoint({
    id: 'recordVisit',
    summary: 'Record a visit to the site',
    answer: RecordedView,
    errors: ['NOT_FOUND', 'KEY_UNAVAILABLE'],
  })
  @Post()
  @Idempotent()
  @Access(Client(Scope.VISITS_WRITE))
  record(@Body() dto: VisitDto, @Ctx() ctx: RequestContext): Promise<RecordedView> {
    return this.visits.record(dto, ctx);
  }
}
