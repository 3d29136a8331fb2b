import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBase64,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { ACTOR_KINDS, type ActorKind } from '../audit/audit-actions';
import { PageQuery } from '../common/pagination';
import { CATEGORIES, type Category, PURPOSES, type Purpose } from '../pd/vocabulary';
import { RECORD_CATEGORIES } from '../access/pd-projection';
import {
  DESTRUCTION_METHODS,
  type DestructionMethod,
  MEDIUM_KINDS,
  MEDIUM_STATUSES,
  type MediumKind,
  type MediumStatus,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

/** The largest file `verify` accepts in the body, as base64 (the body limit comes first). */
const CONTENT_MAX = 10_000_000;

@BodyExample<ExportDto>({
  categories: ['IDENTITY', 'CONTACT'],
  destination: 'Передано в суд по запросу № 2-1457/2026',
})
export class ExportDto {
  /** The record's categories to export: each needs an order with EXPORT for the stated purpose. */
  @ApiProperty({ enum: RECORD_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(RECORD_CATEGORIES.length)
  @IsIn(RECORD_CATEGORIES, { each: true })
  categories!: Category[];

  /** Where the file goes, stated by the maker ("handed to the court on request № …"). */
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  destination!: string;
}

/** The exported file (answered as an attachment; X-Medium-Id and X-Checksum-SHA256 name its medium). */
export class ExportFileView {
  @ApiProperty({ format: 'uuid' })
  mediumId!: string;
  @ApiProperty({ format: 'uuid' })
  subjectId!: string;
  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;
  @ApiProperty({ enum: PURPOSES })
  purpose!: Purpose;
  @ApiProperty({ enum: RECORD_CATEGORIES, isArray: true })
  categories!: Category[];
  /** PD field → value, for the categories exported. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  personalData!: Record<string, string>;
}

export class MediaQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MEDIUM_KINDS })
  @IsOptional()
  @IsIn(MEDIUM_KINDS)
  kind?: MediumKind;

  @ApiPropertyOptional({ enum: MEDIUM_STATUSES })
  @IsOptional()
  @IsIn(MEDIUM_STATUSES)
  status?: MediumStatus;
}

@BodyExample<DestroyDto>({
  method: 'WIPED',
  note: 'Акт уничтожения № 7 от 2026-12-01, комиссия из трёх человек',
})
export class DestroyDto {
  @ApiProperty({ enum: DESTRUCTION_METHODS })
  @IsIn(DESTRUCTION_METHODS)
  method!: DestructionMethod;

  /** The act or how it was witnessed. */
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  note?: string;
}

/** One of the two: the SHA-256 of a copy found, or the copy itself. */
@BodyExample<VerifyDto>({
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
})
export class VerifyDto {
  @ApiPropertyOptional({ description: 'hex SHA-256 of the copy', pattern: '^[0-9a-fA-F]{64}$' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256?: string;

  @ApiPropertyOptional({ description: 'the copy itself, base64', format: 'byte' })
  @IsOptional()
  @IsString()
  @MaxLength(CONTENT_MAX)
  @IsBase64()
  contentBase64?: string;
}

export class MediumView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: MEDIUM_KINDS })
  kind!: MediumKind;
  @ApiProperty({ enum: MEDIUM_STATUSES })
  status!: MediumStatus;
  @ApiProperty({ enum: ACTOR_KINDS })
  makerKind!: ActorKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  makerId!: string | null;
  @ApiProperty({ enum: [...PURPOSES], nullable: true }) // a copy: swagger adds null to a nullable enum's array
  purpose!: Purpose | null;
  @ApiProperty({ type: [String], format: 'uuid' })
  orderIds!: string[];
  subjectCount!: number;
  /** The subjects of a medium of a few; null for more, or for everyone (a backup). */
  @ApiProperty({ type: [String], format: 'uuid', nullable: true })
  subjectIds!: string[] | null;
  @ApiProperty({ enum: CATEGORIES, isArray: true })
  categories!: Category[];
  sizeBytes!: number;
  /** Hex SHA-256 of the file as it left. */
  sha256!: string;
  encrypted!: boolean;
  @ApiProperty({ type: String, nullable: true })
  keyId!: string | null;
  destination!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  destroyBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  destroyedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  destroyedBy!: string | null;
  @ApiProperty({ enum: [...DESTRUCTION_METHODS], nullable: true })
  destructionMethod!: DestructionMethod | null;
  @ApiProperty({ type: String, nullable: true })
  destructionNote!: string | null;
}

export class MediumPage {
  @ApiProperty({ type: [MediumView] })
  items!: MediumView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class VerifyView {
  @ApiProperty({ format: 'uuid' })
  mediumId!: string;
  /** The copy is the registered file (same SHA-256, and same size when the file was sent). */
  matches!: boolean;
}

/** What the subject's report says of a medium holding their PD (no maker, no destination). */
export class HeldMediumView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: MEDIUM_KINDS })
  kind!: MediumKind;
  @ApiProperty({ enum: CATEGORIES, isArray: true })
  categories!: Category[];
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  destroyBy!: string | null;
}

@BodyExample<ReportFileDto>({
  destination: 'Отправлено субъекту почтой по заявлению от 02.12.2026',
})
export class ReportFileDto {
  /** Where the printed report goes, stated by the maker ("sent to the subject by post…"). */
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  destination!: string;
}
