import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import { PURPOSES } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import { AccessPurpose, type StatedPurpose } from '../staff-authorization/access-purpose.decorator';
import {
  DestroyDto,
  ExportDto,
  MediaQuery,
  MediumPage,
  MediumView,
  VerifyDto,
  VerifyView,
} from './media.dto';
import { MediaRegister } from './media-register';
import { sendExport } from './export-reply';
import { SubjectExports } from './subject-exports';

/** A subject's PD leaves as a file only through here, registered as a medium (P11.3). */
@ApiTags('media')
@Controller('subjects')
export class SubjectExportsController {
  constructor(private readonly exports: SubjectExports) {}

  /** A JSON file of the categories asked; each needs an order with EXPORT for the purpose. */
  @Post(':id/exports')
  @Access(Staff(Role.OPERATOR, Role.COMPLIANCE_OFFICER))
  @ApiHeader({ name: 'X-Access-Purpose', required: true, enum: PURPOSES })
  @ApiHeader({ name: 'X-Access-Reason', required: false, description: 'ticket or reason' })
  @ApiProduces('application/json')
  @ApiCreatedResponse({
    description: 'the file, as an attachment; X-Medium-Id and X-Checksum-SHA256 name its medium',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED or PURPOSE_REQUIRED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such subject' })
  async export(
    @IdParam() id: string,
    @Body() dto: ExportDto,
    @AccessPurpose() stated: StatedPurpose,
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendExport(reply, await this.exports.export(id, dto, stated, ctx));
  }
}

/** The register of media: read by compliance officers and auditors, destruction by an officer. */
@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaRegister) {}

  @Get()
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  @ApiOkResponse({ type: MediumPage })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() query: MediaQuery): Promise<MediumPage> {
    return this.media.list(query);
  }

  @Get(':id')
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  @ApiOkResponse({ type: MediumView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  one(@IdParam() id: string): Promise<MediumView> {
    return this.media.one(id);
  }

  /** Records how and by whom the medium was destroyed; once. */
  @Post(':id/destroy')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  @ApiOkResponse({ type: MediumView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_STATE: already recorded as destroyed' })
  destroy(
    @IdParam() id: string,
    @Body() dto: DestroyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<MediumView> {
    return this.media.destroy(id, dto, ctx);
  }

  /** Is this copy the registered file? By its SHA-256 or by the file itself (substitution check). */
  @Post(':id/verify')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  @ApiOkResponse({ type: VerifyView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  verify(
    @IdParam() id: string,
    @Body() dto: VerifyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<VerifyView> {
    return this.media.verify(id, dto, ctx);
  }
}
