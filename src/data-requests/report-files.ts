import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { StatedPurpose } from '../access/access-purpose.decorator';
import { PdAccess } from '../access/pd-access';
import { AuditAction } from '../audit/audit-actions';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { MediaRegister } from '../media/media-register';
import type { ExportFile } from '../media/subject-exports';
import { MediumKind } from '../media/vocabulary';
import { CATEGORIES, Operation } from '../pd/vocabulary';
import { renderReportPdf } from './report-pdf';
import { SubjectReports } from './subject-report';

/**
 * The subject report printed by staff for the subject (a request made on paper, P15): the
 * same PDF the subject downloads in the cabinet, holding every category of their PD, so
 * the staff member needs EXPORT on all of them for the stated purpose. It leaves the
 * service as a file, so it is registered as a REPORT medium (P11.3) in the transaction of
 * its audit entry, with the file's SHA-256, before a byte of it is sent.
 */
@Injectable()
export class ReportFiles {
  constructor(
    private readonly access: PdAccess,
    private readonly reports: SubjectReports,
    private readonly media: MediaRegister,
    private readonly clock: Clock,
  ) {}

  async produce(
    subjectId: string,
    destination: string,
    stated: StatedPurpose,
    ctx: RequestContext,
  ): Promise<ExportFile> {
    const mediumId = randomUUID();
    const now = this.clock.now();
    const { bytes, sha256 } = await this.access.touch(
      ctx,
      {
        subjectId,
        categories: CATEGORIES,
        operation: Operation.EXPORT,
        purpose: stated.purpose,
        reason: stated.reason,
        action: AuditAction.SUBJECT_REPORT,
        requireAll: true,
      },
      async (admitted, tx) => {
        const pdf = await renderReportPdf(await this.reports.build(subjectId, tx));
        const digest = await this.media.registerSubjectFile(
          {
            id: mediumId,
            kind: MediumKind.REPORT,
            subjectId,
            bytes: pdf,
            destination,
            createdAt: now,
            purpose: stated.purpose,
            admitted,
            ctx,
          },
          tx,
        );
        return { bytes: pdf, sha256: digest };
      },
    );
    return {
      mediumId,
      fileName: `report-${mediumId}.pdf`,
      contentType: 'application/pdf',
      sha256,
      bytes,
    };
  }
}
