import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Public, Staff } from '../auth/access.decorator';
import {
  Ctx,
  PublicCtx,
  type PublicRequestContext,
  type RequestContext,
} from '../auth/request-context';
import type { IssuedToken } from '../auth/tokens';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Role } from './roles';
import { StaffCredentials } from './staff-credentials';
import {
  ChangeOwnPasswordDto,
  CreatedStaffView,
  CreateStaffDto,
  EnrolDto,
  StaffListQuery,
  StaffLoginDto,
  StaffView,
  UpdateStaffDto,
} from './staff.dto';
import { StaffService } from './staff.service';
import { Endpoint } from '../openapi/endpoint.decorator';
import { TokenView } from '../auth/tokens.dto';

@ApiTags('auth')
@Controller('auth/staff')
export class StaffAuthController {
  constructor(private readonly credentials: StaffCredentials) {}

  @Endpoint({
    id: 'signInStaff',
    summary: 'Sign a staff member in (email and password)',
    answer: TokenView,
    status: 200,
    errors: ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'],
  })
  @Post('login')
  @HttpCode(200)
  @Access(Public)
  login(@Body() dto: StaffLoginDto, @PublicCtx() ctx: PublicRequestContext): Promise<IssuedToken> {
    return this.credentials.login(dto, ctx);
  }

  /** Sets one's own password with the emailed one-time token; answers like a sign-in. */
  @Endpoint({
    id: 'enrolStaff',
    summary: "Set one's password with the emailed enrolment token",
    answer: TokenView,
    status: 200,
    errors: ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'],
  })
  @Post('enrol')
  @HttpCode(200)
  @Access(Public)
  enrol(@Body() dto: EnrolDto, @PublicCtx() ctx: PublicRequestContext): Promise<IssuedToken> {
    return this.credentials.enrol(dto, ctx);
  }
}

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly credentials: StaffCredentials,
  ) {}

  @Endpoint({
    id: 'createStaff',
    summary: 'Create a staff account (the person enrols by email)',
    answer: CreatedStaffView,
    errors: ['ALREADY_EXISTS', 'ROLE_CONFLICT'],
  })
  @Post()
  @Access(Staff(Role.ADMIN))
  create(@Body() dto: CreateStaffDto, @Ctx() ctx: RequestContext): Promise<CreatedStaffView> {
    return this.staff.create(dto, ctx);
  }

  @Endpoint({ id: 'listStaff', summary: 'List staff accounts', answer: { page: StaffView } })
  @Get()
  @Access(Staff(Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: StaffListQuery): Promise<Page<StaffView>> {
    return this.staff.list(query);
  }

  @Endpoint({
    id: 'getMyStaffAccount',
    summary: "Read one's own staff account",
    answer: StaffView,
    errors: ['NOT_FOUND'],
  })
  @Get('me')
  @Access(Staff())
  me(@Ctx() ctx: RequestContext): Promise<StaffView> {
    return this.staff.get(ctx.principal.id);
  }

  @Endpoint({
    id: 'changeMyStaffPassword',
    summary: "Change one's own staff password",
    answer: 'none',
    errors: ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'],
  })
  @Put('me/password')
  @HttpCode(204)
  @Access(Staff())
  changeOwnPassword(@Body() dto: ChangeOwnPasswordDto, @Ctx() ctx: RequestContext): Promise<void> {
    return this.credentials.changeOwnPassword(dto, ctx);
  }

  @Endpoint({
    id: 'getStaff',
    summary: 'Read a staff account',
    answer: StaffView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id')
  @Access(Staff(Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  get(@IdParam() id: string): Promise<StaffView> {
    return this.staff.get(id);
  }

  @Endpoint({
    id: 'updateStaff',
    summary: 'Change a staff account',
    answer: StaffView,
    errors: [
      'NOT_FOUND',
      'ALREADY_EXISTS',
      'LAST_ACTIVE_ADMIN',
      'CONCURRENT_CHANGE',
      'INVALID_STATE',
    ],
  })
  @Patch(':id')
  @Access(Staff(Role.ADMIN))
  update(
    @IdParam() id: string,
    @Body() dto: UpdateStaffDto,
    @Ctx() ctx: RequestContext,
  ): Promise<StaffView> {
    return this.staff.update(id, dto, ctx);
  }

  /** Ends the account's sessions and password, mails a new token, pauses its PD access. */
  @Endpoint({
    id: 'resetStaffCredentials',
    summary: "Revoke a staff member's sessions and mail a new enrolment token",
    answer: StaffView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  })
  @Post(':id/credential-reset')
  @HttpCode(200)
  @Access(Staff(Role.ADMIN))
  resetCredentials(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<StaffView> {
    return this.credentials.reset(id, ctx);
  }

  /** Ends the pause after a reset or email change, by an officer other than who caused it. */
  @Endpoint({
    id: 'confirmStaff',
    summary: 'Confirm a staff account paused after a reset or email change',
    answer: StaffView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  })
  @Post(':id/confirm')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  confirm(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<StaffView> {
    return this.credentials.confirm(id, ctx);
  }
}
