import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Access, Client, Staff, Subject } from './access.decorator';
import { Ctx, type RequestContext } from './request-context';
import { Tokens } from './tokens';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly tokens: Tokens) {}

  /** Ends the calling token's session (audited as SIGN_OUT); refused from the next request on. */
  @Endpoint({ id: 'signOut', summary: 'End the session of the token sent', answer: 'none' })
  @Post('logout')
  @HttpCode(204)
  @Access(Staff(), Client(), Subject)
  @ApiNoContentResponse()
  logout(@Ctx() ctx: RequestContext): Promise<void> {
    return this.tokens.signOut(ctx);
  }
}
