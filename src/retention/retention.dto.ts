import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class RetentionDueQuery extends PageQuery {
  /** Subjects whose term ends at or before this moment (ISO 8601); now when left out. */
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  before?: string;
}

/** A subject due for depersonalization and when (P17): an id and a date, no PD. */
export class RetentionDueView {
  @ApiProperty({ type: String, format: 'uuid' })
  subjectId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  depersonalizeAfter!: string;
}

export class RetentionDuePage {
  @ApiProperty({ type: [RetentionDueView] })
  items!: RetentionDueView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
