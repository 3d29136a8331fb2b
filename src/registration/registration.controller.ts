import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Client } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RegisterSubjectDto, RegisteredView } from './registration.dto';
import { RegistrationService } from './registration.service';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('subjects')
@Controller('subjects')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  /** The Billing registers a user who accepted the policy in force (P12). */
  @Endpoint({
    id: 'registerSubject',
    summary: 'Register a subject with the accepted policy version and consent evidence',
    answer: RegisteredView,
    errors: ['POLICY_NOT_ACCEPTED', 'ALREADY_EXISTS', 'NOT_FOUND', 'KEY_UNAVAILABLE'],
  })
  @Post()
  @Idempotent()
  @Access(Client(Scope.SUBJECTS_WRITE))
  register(@Body() dto: RegisterSubjectDto, @Ctx() ctx: RequestContext): Promise<RegisteredView> {
    return this.registration.register(dto, ctx);
  }
}
