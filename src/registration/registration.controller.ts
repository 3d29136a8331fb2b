import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Client } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RegisterSubjectDto, type RegisteredView } from './registration.dto';
import { RegistrationService } from './registration.service';

@ApiTags('subjects')
@Controller('subjects')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  /** The Billing registers a user who accepted the policy in force (P12). */
  @Post()
  @Idempotent()
  @Access(Client(Scope.SUBJECTS_WRITE))
  register(@Body() dto: RegisterSubjectDto, @Ctx() ctx: RequestContext): Promise<RegisteredView> {
    return this.registration.register(dto, ctx);
  }
}
