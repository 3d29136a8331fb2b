import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { Nested, NestedList } from '../common/presence';
import { toBoolean } from '../common/transforms';
import { SubjectChangesDto } from '../subjects/subject-fields.dto';
import { CATEGORIES, type Category } from '../pd/vocabulary';
import type { PdView } from '../pd/pd-view.dto';
import {
  REQUEST_STATUSES,
  REQUEST_TYPES,
  type RequestChannel,
  type RequestStatus,
  type RequestType,
  STAFF_CHANNELS,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

/** A supporting document, by reference only: no scans or copies are stored (DESIGN.md). */
export class DocumentReferenceDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reference!: string;
}

/** `POST /me/requests` (DESIGN.md, "Main bodies"). */
@BodyExample<FileRequestDto>({
  type: 'RECTIFICATION',
  details: 'Сменила фамилию после замужества',
  proposed: { surname: 'Серикова' },
  documents: [{ title: 'Свидетельство о браке', reference: 'АБ № 0123456 от 2026-10-12' }],
})
export class FileRequestDto {
  @ApiProperty({ enum: REQUEST_TYPES })
  @IsIn(REQUEST_TYPES)
  type!: RequestType;

  /** What the subject asks and why; for BLOCKING, the breach they state (P15.6). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  details?: string;

  /** RECTIFICATION only: the values to apply, validated as any change (P15.5). */
  @IsOptional()
  @Nested(() => SubjectChangesDto)
  proposed?: SubjectChangesDto;

  @IsOptional()
  @NestedList(() => DocumentReferenceDto, 20)
  documents?: DocumentReferenceDto[];
}

/** `POST /data-requests`: a compliance officer files for a subject, saying how it came in (P6). */
@BodyExample<FileForSubjectDto>({
  type: 'INFORMATION',
  subjectId: '9d2e4f6a-1c3b-4a5d-8e7f-0a2b4c6d8e31',
  channel: 'LETTER',
  details: 'Письменный запрос: какие данные хранятся и кому переданы',
})
export class FileForSubjectDto extends FileRequestDto {
  @IdField()
  subjectId!: string;

  @ApiProperty({ enum: STAFF_CHANNELS })
  @IsIn(STAFF_CHANNELS)
  channel!: RequestChannel;
}

export class MyRequestsQuery extends PageQuery {}

export class RequestListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REQUEST_TYPES })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  type?: RequestType;

  /** A staff member's id. */
  @IsOptional()
  @IdField()
  assignee?: string;

  @IsOptional()
  @IdField()
  subjectId?: string;

  /** Open (SUBMITTED or IN_REVIEW) past their due time. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

@BodyExample<AssignDto>({ assigneeId: '0b7e5d3c-9a21-4f6e-8d4c-7a1b3c5e9f20' })
export class AssignDto {
  /** A compliance officer; the caller when omitted. */
  @IsOptional()
  @IdField()
  assigneeId?: string;
}

@BodyExample<CompleteDto>({ note: 'Фамилия исправлена по свидетельству о браке' })
export class CompleteDto {
  /** Shown to the subject. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note?: string;

  /**
   * DELETION only: the officer confirms the PD was collected or processed unlawfully
   * (P15.7), which allows deletion even while the contract is ACTIVE.
   */
  @IsOptional()
  @IsBoolean()
  unlawfulProcessing?: boolean;
}

@BodyExample<RejectDto>({ reason: 'Приложенный документ не подтверждает новую фамилию' })
export class RejectDto {
  /** Why, in words the subject will read (required). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class RequestStepView {
  @ApiProperty({ enum: REQUEST_STATUSES })
  status!: RequestStatus;
  at!: string;
  actorKind!: string;
  actorId!: string;
  /** The reason or remark; null when none, or once the subject is depersonalized. */
  note!: string | null;
}

export class DocumentView {
  title!: string;
  reference!: string;
}

/** A request as a list shows it: where it stands and when it is due, no PD. */
export class RequestSummaryView {
  id!: string;
  subjectId!: string;
  @ApiProperty({ enum: REQUEST_TYPES })
  type!: RequestType;
  @ApiProperty({ enum: REQUEST_STATUSES })
  status!: RequestStatus;
  channel!: RequestChannel;
  filedAt!: string;
  dueAt!: string;
  /** Still open past `dueAt`. */
  overdue!: boolean;
  assigneeId!: string | null;
  closedAt!: string | null;
}

/** The whole request, with what the subject wrote and every step. */
export class RequestView extends RequestSummaryView {
  details!: string | null;
  /** To staff: only the categories they may READ for LEGAL_OBLIGATION; the rest in `withheld`. */
  proposed!: PdView | null;
  /** Categories of `proposed` left out because the caller may not read them (P10). */
  @ApiProperty({ enum: CATEGORIES, isArray: true })
  withheld!: Category[];
  documents!: DocumentView[];
  /** The reason of a rejection, for the subject to read. */
  rejectionReason!: string | null;
  steps!: RequestStepView[];
}

export class RequestPage {
  items!: RequestSummaryView[];
  nextCursor!: string | null;
}

export class MyRequestPage {
  items!: RequestView[];
  nextCursor!: string | null;
}
