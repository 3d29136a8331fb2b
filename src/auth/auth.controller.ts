import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Access, Client, Staff, Subject } from './access.decorator';
import { Ctx, type RequestContext } from './request-context';
import { Sessions } from './sessions';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: Sessions) {}

  /** Ends the calling token's session; the token is refused from the next request on. */
  @Post('logout')
  @HttpCode(204)
  @Access(Staff(), Client(), Subject)
  @ApiNoContentResponse()
  logout(@Ctx() ctx: RequestContext): Promise<void> {
    return this.sessions.revoke(ctx.principal.sessionId);
  }
}
