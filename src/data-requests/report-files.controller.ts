import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessPurpose, type StatedPurpose } from '../access/access-purpose.decorator';
import { SUBJECT_TOUCH_REFUSALS } from '../access/rule';
import { Access, Staff } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import { ReportFileDto } from '../media/media.dto';
import { sendExport } from '../media/export-reply';
import { Endpoint } from '../openapi/endpoint.decorator';
import { PURPOSES } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import { ReportFiles } from './report-files';

/** The subject report printed by staff, a registered medium (P11.3, P15). */
@ApiTags('media')
@Controller('subjects')
export class ReportFilesController {
  constructor(private readonly files: ReportFiles) {}

  /** The subject's report as a PDF for them; needs an order with EXPORT on every category for the purpose. */
  @Post(':id/reports')
  @Access(Staff(Role.OPERATOR, Role.COMPLIANCE_OFFICER))
  @ApiHeader({ name: 'X-Access-Purpose', required: true, enum: PURPOSES })
  @ApiHeader({ name: 'X-Access-Reason', required: false, description: 'ticket or reason' })
  @ApiProduces('application/pdf')
  @Endpoint({
    id: 'createSubjectReportFile',
    summary:
      "Print a subject's report as a registered PDF (under an order with EXPORT on every category)",
    answer: 'pdf',
    errors: ['NOT_FOUND', ...SUBJECT_TOUCH_REFUSALS, 'KEY_UNAVAILABLE'],
  })
  async produce(
    @IdParam() id: string,
    @Body() dto: ReportFileDto,
    @AccessPurpose() stated: StatedPurpose,
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendExport(reply, await this.files.produce(id, dto.destination, stated, ctx));
  }
}
