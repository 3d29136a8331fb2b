import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Access, Client, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { IdParam } from '../common/id-param';
import { PURPOSES } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import { SubjectChangesDto } from './subject-fields.dto';
import { AccessPurpose, type StatedPurpose } from '../access/access-purpose.decorator';
import { StaffSubjectView, SubjectSearchQuery, SubjectSearchView } from './subject-pd.dto';
import { SubjectPdService } from './subject-pd.service';
import { Endpoint } from '../openapi/endpoint.decorator';
import { SUBJECT_TOUCH_REFUSALS } from '../access/rule';

/**
 * Subject PD for staff and service clients. The route rule admits the caller's kind;
 * the access rule (PdAccess) then decides category by category on every request.
 */
@ApiTags('subjects')
@Controller('subjects')
@ApiHeader({ name: 'X-Access-Purpose', required: true, enum: PURPOSES })
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'ticket or reason' })
export class SubjectPdController {
  constructor(private readonly pd: SubjectPdService) {}

  @Endpoint({
    id: 'searchSubjects',
    summary: 'Find subjects by email, phone or IIN (under an order)',
    answer: SubjectSearchView,
    errors: [...SUBJECT_TOUCH_REFUSALS, 'KEY_UNAVAILABLE'],
  })
  @Get()
  @Access(Staff(Role.OPERATOR, Role.COMPLIANCE_OFFICER), Client(Scope.SUBJECTS_READ))
  search(
    @Query() query: SubjectSearchQuery,
    @AccessPurpose() stated: StatedPurpose,
    @Ctx() ctx: RequestContext,
  ): Promise<SubjectSearchView> {
    return this.pd.search(query, stated, ctx);
  }

  @Endpoint({
    id: 'readSubject',
    summary: "Read a subject's PD (under an order)",
    answer: StaffSubjectView,
    errors: ['NOT_FOUND', ...SUBJECT_TOUCH_REFUSALS, 'KEY_UNAVAILABLE'],
  })
  @Get(':id')
  @Access(Staff(Role.OPERATOR, Role.COMPLIANCE_OFFICER), Client(Scope.SUBJECTS_READ))
  read(
    @IdParam() id: string,
    @AccessPurpose() stated: StatedPurpose,
    @Ctx() ctx: RequestContext,
  ): Promise<StaffSubjectView> {
    return this.pd.read(id, stated, ctx);
  }

  @Endpoint({
    id: 'changeSubject',
    summary: "Change a subject's PD (under an order)",
    answer: StaffSubjectView,
    errors: [
      'NOT_FOUND',
      ...SUBJECT_TOUCH_REFUSALS,
      'ALREADY_EXISTS',
      'CONCURRENT_CHANGE',
      'KEY_UNAVAILABLE',
    ],
  })
  @Patch(':id')
  @Access(Staff(Role.OPERATOR, Role.COMPLIANCE_OFFICER), Client(Scope.SUBJECTS_WRITE))
  change(
    @IdParam() id: string,
    @Body() dto: SubjectChangesDto,
    @AccessPurpose() stated: StatedPurpose,
    @Ctx() ctx: RequestContext,
  ): Promise<StaffSubjectView> {
    return this.pd.change(id, dto, stated, ctx);
  }
}
