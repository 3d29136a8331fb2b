import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Access, Client, Staff, Subject } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { type Page, PageQuery } from '../common/pagination';
import { AccessPurpose, type StatedPurpose } from '../access/access-purpose.decorator';
import { Role } from '../staff/roles';
import {
  SubjectTransferView,
  TransferCheckQuery,
  TransferCheckView,
  TransferDto,
  TransferListQuery,
  TransferView,
} from './transfers.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { TransfersService } from './transfers.service';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('transfers')
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  /**
   * Records a transfer (or a verification, P5) that passes every rule; refusals leave a
   * DENIED entry only. A service client needs `transfers:write`; a staff member, of any
   * role, an access order covering EXPORT of the categories for the purpose (PdAccess).
   */
  @Endpoint({
    id: 'recordTransfer',
    summary: 'Record a transfer of PD to a third party',
    answer: TransferView,
    errors: [
      'NOT_FOUND',
      'CONSENT_REQUIRED',
      'CROSS_BORDER_CONSENT_REQUIRED',
      'COUNTRY_NOT_PROTECTING',
      'NO_CONFIDENTIALITY_AGREEMENT',
      'THIRD_PARTY_SUSPENDED',
      'CATEGORY_NOT_AGREED',
      'NOT_A_VERIFIER',
      'SUBJECT_BLOCKED',
      'ACCESS_ORDER_REQUIRED',
      'PLEDGE_REQUIRED',
      'PURPOSE_REQUIRED',
      'KEY_UNAVAILABLE',
    ],
  })
  @Post()
  @Idempotent()
  @Access(Client(Scope.TRANSFERS_WRITE), Staff())
  @ApiHeader({ name: 'X-Access-Reason', required: false, description: 'staff: ticket or reason' })
  record(
    @Body() dto: TransferDto,
    @AccessPurpose() stated: StatedPurpose,
    @Ctx() ctx: RequestContext,
  ): Promise<TransferView> {
    return this.transfers.record(dto, stated, ctx);
  }

  /**
   * Would this transfer be allowed now? Records nothing. `transfers:read` lets a client ask
   * without being allowed to send; a client that may send may also ask.
   */
  @Endpoint({
    id: 'checkTransfer',
    summary: 'Check whether a transfer would be allowed',
    answer: TransferCheckView,
    errors: ['NOT_FOUND'],
  })
  @Get('check')
  @Access(Client(Scope.TRANSFERS_READ), Client(Scope.TRANSFERS_WRITE))
  check(@Query() query: TransferCheckQuery): Promise<TransferCheckView> {
    return this.transfers.check(query);
  }

  /** Per subject (`subjectId`) or per third party (`thirdPartyId`): no PD, names and categories only. */
  @Endpoint({ id: 'listTransfers', summary: 'List transfers', answer: { page: TransferView } })
  @Get()
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: TransferListQuery): Promise<Page<TransferView>> {
    return this.transfers.list(query);
  }
}

/** Who received the subject's PD (P15.1). */
@ApiTags('personal cabinet')
@Controller('me/transfers')
@Access(Subject)
export class MyTransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Endpoint({
    id: 'listMyTransfers',
    summary: "Which third parties received one's own PD",
    answer: { page: SubjectTransferView },
  })
  @Get()
  mine(@Query() query: PageQuery, @Ctx() ctx: RequestContext): Promise<Page<SubjectTransferView>> {
    return this.transfers.mine(ctx.principal.id, query);
  }
}
