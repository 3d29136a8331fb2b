import { Body, Controller, Get, HttpCode, Patch, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Subject } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { SubjectAccounts } from './subject-accounts.service';
import { SubjectChangesDto } from './subject-fields.dto';
import { MeView, SubjectPasswordDto } from './subjects.dto';
import { Endpoint } from '../openapi/endpoint.decorator';

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
