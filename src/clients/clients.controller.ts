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
  ClientView,
  ClientWithSecret,
  CreateClientDto,
  UpdateClientDto,
} from './clients.dto';
import { ClientsService } from './clients.service';
import { Endpoint } from '../openapi/endpoint.decorator';
import { TokenView } from '../auth/tokens.dto';

@ApiTags('auth')
@Controller('auth/clients')
export class ClientAuthController {
  constructor(private readonly clients: ClientsService) {}

  @Endpoint({
    id: 'issueClientToken',
    summary: 'Sign a service client in (client credentials)',
    answer: TokenView,
    status: 200,
    errors: ['UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS'],
  })
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

  @Endpoint({
    id: 'createClient',
    summary: 'Create a service client (its secret shown once)',
    answer: ClientWithSecret,
    errors: ['ALREADY_EXISTS'],
  })
  @Post()
  create(@Body() dto: CreateClientDto, @Ctx() ctx: RequestContext): Promise<ClientWithSecret> {
    return this.clients.create(dto, ctx);
  }

  @Endpoint({ id: 'listClients', summary: 'List service clients', answer: { page: ClientView } })
  @Get()
  list(@Query() query: ClientListQuery): Promise<Page<ClientView>> {
    return this.clients.list(query);
  }

  @Endpoint({
    id: 'getClient',
    summary: 'Read a service client',
    answer: ClientView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id')
  get(@IdParam() id: string): Promise<ClientView> {
    return this.clients.get(id);
  }

  @Endpoint({
    id: 'updateClient',
    summary: 'Change a service client',
    answer: ClientView,
    errors: ['NOT_FOUND', 'CONCURRENT_CHANGE'],
  })
  @Patch(':id')
  update(
    @IdParam() id: string,
    @Body() dto: UpdateClientDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ClientView> {
    return this.clients.update(id, dto, ctx);
  }

  @Endpoint({
    id: 'rotateClientSecret',
    summary: 'Issue a new secret for a service client (shown once)',
    answer: ClientWithSecret,
    errors: ['NOT_FOUND'],
  })
  @Post(':id/secret')
  rotateSecret(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<ClientWithSecret> {
    return this.clients.rotateSecret(id, ctx);
  }

  /** Ends the pause a secret rotation put on the client's PD grants. */
  @Endpoint({
    id: 'confirmClient',
    summary: "Confirm a service client's scopes or grants",
    answer: ClientView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  })
  @Post(':id/confirm')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  confirm(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<ClientView> {
    return this.clients.confirm(id, ctx);
  }
}
