import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsInstant } from '../common/time-fields';

export class RetentionDueQuery extends PageQuery {
  /** Subjects whose term ends at or before this moment (ISO 8601); now when left out. */
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsInstant()
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
