import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import { Endpoint } from '../openapi/endpoint.decorator';
import { SUBJECT_TOUCH_REFUSALS } from '../access/rule';
import { PURPOSES } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import { AccessPurpose, type StatedPurpose } from '../access/access-purpose.decorator';
import {
  DestroyDto,
  ExportDto,
  ExportFileView,
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
  @Endpoint({
    id: 'createSubjectExport',
    summary: "Export a subject's PD to a registered JSON file (under an order with EXPORT)",
    answer: ExportFileView,
    errors: ['NOT_FOUND', ...SUBJECT_TOUCH_REFUSALS, 'KEY_UNAVAILABLE'],
  })
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

  @Endpoint({ id: 'listMedia', summary: 'List the registered PD media', answer: MediumPage })
  @Get()
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  list(@Query() query: MediaQuery): Promise<MediumPage> {
    return this.media.list(query);
  }

  @Endpoint({
    id: 'getMedium',
    summary: 'Read a registered PD medium',
    answer: MediumView,
    errors: ['NOT_FOUND'],
  })
  @Get(':id')
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  one(@IdParam() id: string): Promise<MediumView> {
    return this.media.one(id);
  }

  /** Records how and by whom the medium was destroyed; once. */
  @Endpoint({
    id: 'recordMediumDestruction',
    summary: "Record a medium's destruction (once)",
    answer: MediumView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  })
  @Post(':id/destroy')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER))
  destroy(
    @IdParam() id: string,
    @Body() dto: DestroyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<MediumView> {
    return this.media.destroy(id, dto, ctx);
  }

  /** Is this copy the registered file? By its SHA-256 or by the file itself (substitution check). */
  @Endpoint({
    id: 'verifyMedium',
    summary: 'Check a copy against a registered medium (substitution)',
    answer: VerifyView,
    status: 200,
    errors: ['NOT_FOUND'],
  })
  @Post(':id/verify')
  @HttpCode(200)
  @Access(Staff(Role.COMPLIANCE_OFFICER, Role.AUDITOR))
  verify(
    @IdParam() id: string,
    @Body() dto: VerifyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<VerifyView> {
    return this.media.verify(id, dto, ctx);
  }
}
