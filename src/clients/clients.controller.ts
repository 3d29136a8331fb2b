import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
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
import { Role } from '../staff/roles';
import {
  ClientListQuery,
  ClientTokenDto,
  type ClientView,
  type ClientWithSecret,
  CreateClientDto,
  UpdateClientDto,
} from './clients.dto';
import { ClientsService } from './clients.service';

@ApiTags('auth')
@Controller('auth/clients')
export class ClientAuthController {
  constructor(private readonly clients: ClientsService) {}

  @Post('token')
  @HttpCode(200)
  @Access(Public)
  token(@Body() dto: ClientTokenDto, @PublicCtx() ctx: PublicRequestContext): Promise<IssuedToken> {
    return this.clients.token(dto, ctx);
  }
}

@ApiTags('clients')
@Controller('clients')
@Access(Staff(Role.ADMIN))
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  create(@Body() dto: CreateClientDto, @Ctx() ctx: RequestContext): Promise<ClientWithSecret> {
    return this.clients.create(dto, ctx);
  }

  @Get()
  list(@Query() query: ClientListQuery): Promise<Page<ClientView>> {
    return this.clients.list(query);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<ClientView> {
    return this.clients.get(id);
  }

  @Patch(':id')
  update(
    @IdParam() id: string,
    @Body() dto: UpdateClientDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ClientView> {
    return this.clients.update(id, dto, ctx);
  }

  @Post(':id/secret')
  rotateSecret(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<ClientWithSecret> {
    return this.clients.rotateSecret(id, ctx);
  }

  /** Ends the pause a secret rotation put on the client's PD grants. */
  @Post(':id/confirm')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  confirm(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<ClientView> {
    return this.clients.confirm(id, ctx);
  }
}
