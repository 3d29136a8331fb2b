import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Client, Public, Subject } from '../auth/access.decorator';
import {
  Ctx,
  PublicCtx,
  type PublicRequestContext,
  type RequestContext,
} from '../auth/request-context';
import type { IssuedToken } from '../auth/tokens';
import { Scope } from '../clients/scopes';
import { IdParam } from '../common/id-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ContractsService } from './contracts.service';
import { SubjectAccounts } from './subject-accounts.service';
import { SubjectChangesDto } from './subject-fields.dto';
import {
  ContractStateDto,
  ContractView,
  MeView,
  RecordedView,
  SubjectLoginDto,
  SubjectPasswordDto,
  VisitDto,
} from './subjects.dto';
import { VisitsService } from './visits.service';
import { Endpoint } from '../openapi/endpoint.decorator';
import { TokenView } from '../auth/tokens.dto';

@ApiTags('auth')
@Controller('auth/subjects')
export class SubjectAuthController {
  constructor(private readonly accounts: SubjectAccounts) {}

  @Endpoint({
    id: 'signInSubject',
    summary: 'Sign a data subject in (email and password)',
    answer: TokenView,
    status: 200,
    errors: ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'],
  })
  @Post('login')
  @HttpCode(200)
  @Access(Public)
  login(
    @Body() dto: SubjectLoginDto,
    @PublicCtx() ctx: PublicRequestContext,
  ): Promise<IssuedToken> {
    return this.accounts.login(dto, ctx);
  }
}

/** The personal cabinet (P6, P15.4). */
@ApiTags('personal cabinet')
@Controller('me')
@Access(Subject)
export class MeController {
  constructor(private readonly accounts: SubjectAccounts) {}

  @Endpoint({
    id: 'getMe',
    summary: "Read one's own account and PD",
    answer: MeView,
    errors: ['NOT_FOUND', 'KEY_UNAVAILABLE'],
  })
  @Get()
  me(@Ctx() ctx: RequestContext): Promise<MeView> {
    return this.accounts.me(ctx);
  }

  @Endpoint({
    id: 'changeMe',
    summary: "Change one's own PD",
    answer: MeView,
    errors: ['ALREADY_EXISTS', 'CONCURRENT_CHANGE', 'NOT_FOUND', 'KEY_UNAVAILABLE'],
  })
  @Patch()
  change(@Body() dto: SubjectChangesDto, @Ctx() ctx: RequestContext): Promise<MeView> {
    return this.accounts.change(dto, ctx);
  }

  @Endpoint({
    id: 'changeMyPassword',
    summary: "Change one's own password",
    answer: 'none',
    errors: ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'],
  })
  @Put('password')
  @HttpCode(204)
  changePassword(@Body() dto: SubjectPasswordDto, @Ctx() ctx: RequestContext): Promise<void> {
    return this.accounts.changePassword(dto, ctx);
  }
}

@ApiTags('subjects')
@Controller('subjects')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  /** The Billing reports the contract state (P7); history is kept. */
  @Endpoint({
    id: 'reportContract',
    summary: "Report a subject's contract state (the Billing)",
    answer: ContractView,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'CONCURRENT_CHANGE'],
  })
  @Put(':id/contract')
  @Idempotent()
  @Access(Client(Scope.CONTRACTS_WRITE))
  report(
    @IdParam() id: string,
    @Body() dto: ContractStateDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ContractView> {
    return this.contracts.report(id, dto, ctx);
  }
}

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
