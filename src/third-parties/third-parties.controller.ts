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
  CountryView,
  CreateThirdPartyDto,
  RegistryChangeView,
  ThirdPartyListQuery,
  ThirdPartyView,
  UpdateThirdPartyDto,
} from './third-parties.dto';
import { ThirdPartiesService } from './third-parties.service';
import { Endpoint } from '../openapi/endpoint.decorator';

/** The registry of third parties (P8, P13): compliance officers only. */
@ApiTags('third parties')
@Controller('third-parties')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class ThirdPartiesController {
  constructor(private readonly parties: ThirdPartiesService) {}

  @Endpoint({
    id: 'createThirdParty',
    summary: 'Register a third party and its agreement',
    answer: ThirdPartyView,
    errors: ['ALREADY_EXISTS'],
  })
  @Post()
  create(@Body() dto: CreateThirdPartyDto, @Ctx() ctx: RequestContext): Promise<ThirdPartyView> {
    return this.parties.create(dto, ctx);
  }

  @Endpoint({
    id: 'listThirdParties',
    summary: 'List third parties',
    answer: { page: ThirdPartyView },
  })
  @Get()
  list(@Query() query: ThirdPartyListQuery): Promise<Page<ThirdPartyView>> {
    return this.parties.list(query);
  }

  @Endpoint({
    id: 'getThirdParty',
    summary: 'Read a third party',
    answer: ThirdPartyView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id')
  get(@IdParam() id: string): Promise<ThirdPartyView> {
    return this.parties.get(id);
  }

  @Endpoint({
    id: 'updateThirdParty',
    summary: 'Change a third party',
    answer: ThirdPartyView,
    errors: ['NOT_FOUND', 'CONCURRENT_CHANGE'],
  })
  @Patch(':id')
  update(
    @IdParam() id: string,
    @Body() dto: UpdateThirdPartyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ThirdPartyView> {
    return this.parties.update(id, dto, ctx);
  }

  /** Every version's previous values, who changed it and when. */
  @Endpoint({
    id: 'getThirdPartyHistory',
    summary: "A third party's change history",
    answer: [RegistryChangeView],
    errors: ['NOT_FOUND'],
  })
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

  @Endpoint({
    id: 'listCountries',
    summary: 'States and whether they protect PD',
    answer: [CountryView],
  })
  @Get()
  list(): Promise<CountryView[]> {
    return this.countries.list();
  }

  @Endpoint({
    id: 'decideCountry',
    summary: 'Record whether a state protects PD',
    answer: CountryView,
    errors: ['CONCURRENT_CHANGE'],
  })
  @Put(':code')
  decide(
    @Param('code') code: string,
    @Body() dto: CountryDecisionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CountryView> {
    return this.countries.decide(code, dto, ctx);
  }

  @Endpoint({
    id: 'getCountryHistory',
    summary: "A state's decision history",
    answer: [RegistryChangeView],
    errors: ['NOT_FOUND'],
  })
  @Get(':code/history')
  history(@Param('code') code: string): Promise<RegistryChangeView[]> {
    return this.countries.historyOf(code);
  }
}
