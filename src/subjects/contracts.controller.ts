import { Body, Controller, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Client } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { IdParam } from '../common/id-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ContractsService } from './contracts.service';
import { ContractStateDto, ContractView } from './subjects.dto';
import { Endpoint } from '../openapi/endpoint.decorator';

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
