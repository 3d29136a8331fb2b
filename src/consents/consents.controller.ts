import { Body, Controller, Delete, Get, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, Client, Subject } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { Scope } from '../clients/scopes';
import { IdParam } from '../common/id-param';
import { validationFailed } from '../errors/validation';
import { CabinetConsents } from './cabinet-consents.service';
import type { ConsentReceipt } from './consent-receipt';
import { ConsentReceipts } from './consent-receipts.service';
import {
  ConsentCheckQuery,
  ConsentCheckView,
  ConsentRecordView,
  ConsentsAtQuery,
  ConsentsView,
  GiveConsentDto,
  WithdrawalView,
} from './consents.dto';
import { ConsentsService } from './consents.service';
import { CONSENT_PURPOSES, ConsentPurpose } from './vocabulary';
import { Endpoint } from '../openapi/endpoint.decorator';
import { ConsentReceiptView } from './consent-receipt.dto';

/**
 * The parameter's own type name, not `ConsentPurpose`: that is also a value, and the test
 * build's decorator metadata would hand the global ValidationPipe the object to validate
 * against.
 */
type PurposeName = ConsentPurpose;

const PurposeParam = (): ParameterDecorator =>
  Param(
    'purpose',
    new ParseEnumPipe(ConsentPurpose, {
      exceptionFactory: () =>
        validationFailed([
          {
            field: 'purpose',
            constraints: [`purpose must be one of ${CONSENT_PURPOSES.join(', ')}`],
          },
        ]),
    }),
  );

/** The subject's own consents in the personal cabinet (P7, P12, P14, P15.8, P15.9, P20). */
@ApiTags('personal cabinet')
@Controller('me/consents')
@Access(Subject)
export class MyConsentsController {
  constructor(
    private readonly consents: ConsentsService,
    private readonly cabinet: CabinetConsents,
    private readonly receipts: ConsentReceipts,
  ) {}

  /** Each purpose's state and the full history, now or at a past moment (`?at=`). */
  @Endpoint({ id: 'listMyConsents', summary: "Read one's own consents", answer: ConsentsView })
  @Get()
  mine(@Query() query: ConsentsAtQuery, @Ctx() ctx: RequestContext): Promise<ConsentsView> {
    return this.consents.overview(ctx.principal.id, query.at);
  }

  /** Gives a consent under the version in force; also how a new version is accepted (P20). */
  @Endpoint({
    id: 'giveConsent',
    summary: 'Give a consent',
    answer: ConsentRecordView,
    errors: ['NOT_FOUND', 'POLICY_NOT_ACCEPTED', 'INVALID_STATE', 'ALREADY_EXISTS'],
  })
  @Post()
  give(@Body() dto: GiveConsentDto, @Ctx() ctx: RequestContext): Promise<ConsentRecordView> {
    return this.cabinet.give(dto, ctx);
  }

  /** Withdraws a consent in force; PD_PROCESSING only once the contract is no longer ACTIVE (P7). */
  @Endpoint({
    id: 'withdrawConsent',
    summary: 'Withdraw a consent',
    answer: WithdrawalView,
    errors: ['NOT_FOUND', 'CONTRACT_OBLIGATIONS_OUTSTANDING', 'INVALID_STATE'],
  })
  @Delete(':purpose')
  @ApiParam({ name: 'purpose', enum: CONSENT_PURPOSES })
  withdraw(
    @PurposeParam() purpose: PurposeName,
    @Ctx() ctx: RequestContext,
  ): Promise<WithdrawalView> {
    return this.cabinet.withdraw(purpose, ctx);
  }

  /** What the subject agreed to, as the law asks a consent to state. */
  @Endpoint({
    id: 'getConsentReceipt',
    summary: 'Read the receipt of a consent given',
    answer: ConsentReceiptView,
    errors: ['NOT_FOUND', 'KEY_UNAVAILABLE'],
  })
  @Get(':consentId/receipt')
  receipt(
    @IdParam('consentId') consentId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsentReceipt> {
    return this.receipts.forSubject(ctx.principal.id, consentId);
  }
}

/** The Billing's view of a subject's consents: ids, purposes and times, no PD. */
@ApiTags('subjects')
@Controller('subjects')
@Access(Client(Scope.CONSENTS_READ))
export class SubjectConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Endpoint({
    id: 'listSubjectConsents',
    summary: "Read a subject's consents",
    answer: ConsentsView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id/consents')
  consentsOf(@IdParam() id: string, @Query() query: ConsentsAtQuery): Promise<ConsentsView> {
    return this.consents.overview(id, query.at);
  }

  /** May this subject's PD be processed for the purpose now? The Billing's hot path. */
  @Endpoint({
    id: 'checkConsent',
    summary: "Check whether a subject's PD may be processed for a purpose",
    answer: ConsentCheckView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id/consents/check')
  check(@IdParam() id: string, @Query() query: ConsentCheckQuery): Promise<ConsentCheckView> {
    return this.consents.check(id, query.purpose);
  }
}
