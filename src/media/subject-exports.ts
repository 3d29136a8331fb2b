import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditAction } from '../audit/audit-actions';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { notFound } from '../errors/app-error';
import { Operation } from '../pd/vocabulary';
import type { StatedPurpose } from '../access/access-purpose.decorator';
import { PdAccess } from '../access/pd-access';
import { SubjectsService } from '../subjects/subjects.service';
import type { ExportDto } from './media.dto';
import { MediaRegister } from './media-register';
import { MediumKind } from './vocabulary';

/** A registered file answered as a download (an export, a report printed by staff). */
export interface ExportFile {
  mediumId: string;
  fileName: string;
  contentType: string;
  sha256: string;
  bytes: Buffer;
}

/**
 * A staff member's export of one subject's PD as a JSON file (P11.3). The access rule
 * decides (EXPORT on every category asked, for the stated purpose; a refusal is audited
 * by the rule); then the file is built, and its medium is registered in the transaction
 * of the SUBJECT_EXPORT entry, with the orders that admitted it and the file's SHA-256,
 * before a byte of it is sent.
 */
@Injectable()
export class SubjectExports {
  constructor(
    private readonly access: PdAccess,
    private readonly subjects: SubjectsService,
    private readonly media: MediaRegister,
    private readonly clock: Clock,
  ) {}

  async export(
    subjectId: string,
    dto: ExportDto,
    stated: StatedPurpose,
    ctx: RequestContext,
  ): Promise<ExportFile> {
    const mediumId = randomUUID();
    const now = this.clock.now();
    const file = await this.access.touch(
      ctx,
      {
        subjectId,
        categories: dto.categories,
        operation: Operation.EXPORT,
        purpose: stated.purpose,
        reason: stated.reason,
        action: AuditAction.SUBJECT_EXPORT,
        requireAll: true,
      },
      async (admitted, tx) => {
        const found = await this.subjects.read(subjectId, admitted.categories);
        if (!found || found.subject.depersonalizedAt) throw notFound('Subject');
        const bytes = Buffer.from(
          `${JSON.stringify(
            {
              mediumId,
              subjectId,
              exportedAt: now.toISOString(),
              purpose: stated.purpose,
              categories: admitted.categories,
              personalData: found.record,
            },
            null,
            2,
          )}\n`,
        );
        const sha256 = await this.media.registerSubjectFile(
          {
            id: mediumId,
            kind: MediumKind.EXPORT,
            subjectId,
            bytes,
            destination: dto.destination,
            createdAt: now,
            purpose: stated.purpose,
            admitted,
            ctx,
          },
          tx,
        );
        return { bytes, sha256 };
      },
    );
    const { bytes, sha256 } = file;
    return {
      mediumId,
      fileName: `export-${mediumId}.json`,
      contentType: 'application/json; charset=utf-8',
      sha256,
      bytes,
    };
  }
}
