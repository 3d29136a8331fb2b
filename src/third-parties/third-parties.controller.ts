import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import { CountriesService } from './countries.service';
import {
  CountryDecisionDto,
  type CountryView,
  CreateThirdPartyDto,
  type RegistryChangeView,
  ThirdPartyListQuery,
  type ThirdPartyView,
  UpdateThirdPartyDto,
} from './third-parties.dto';
import { ThirdPartiesService } from './third-parties.service';

/** The registry of third parties (P8, P13): compliance officers only. */
@ApiTags('third parties')
@Controller('third-parties')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class ThirdPartiesController {
  constructor(private readonly parties: ThirdPartiesService) {}

  @Post()
  create(@Body() dto: CreateThirdPartyDto, @Ctx() ctx: RequestContext): Promise<ThirdPartyView> {
    return this.parties.create(dto, ctx);
  }

  @Get()
  list(@Query() query: ThirdPartyListQuery): Promise<Page<ThirdPartyView>> {
    return this.parties.list(query);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<ThirdPartyView> {
    return this.parties.get(id);
  }

  @Patch(':id')
  update(
    @IdParam() id: string,
    @Body() dto: UpdateThirdPartyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ThirdPartyView> {
    return this.parties.update(id, dto, ctx);
  }

  /** Every version's previous values, who changed it and when. */
  @Get(':id/history')
  history(@IdParam() id: string): Promise<RegistryChangeView[]> {
    return this.parties.historyOf(id);
  }
}

/** Which states protect PD (P14): compliance officers decide, with a reason and a date. */
@ApiTags('third parties')
@Controller('countries')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class CountriesController {
  constructor(private readonly countries: CountriesService) {}

  @Get()
  list(): Promise<CountryView[]> {
    return this.countries.list();
  }

  @Put(':code')
  decide(
    @Param('code') code: string,
    @Body() dto: CountryDecisionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CountryView> {
    return this.countries.decide(code, dto, ctx);
  }

  @Get(':code/history')
  history(@Param('code') code: string): Promise<RegistryChangeView[]> {
    return this.countries.historyOf(code);
  }
}
