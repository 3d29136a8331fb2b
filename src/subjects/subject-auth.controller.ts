import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Public } from '../auth/access.decorator';
import { PublicCtx, type PublicRequestContext } from '../auth/request-context';
import type { IssuedToken } from '../auth/tokens';
import { SubjectAccounts } from './subject-accounts.service';
import { SubjectLoginDto } from './subjects.dto';
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
