import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { MAIL_KINDS, type MailKind, OUTBOX_STATUSES, type OutboxStatus } from './vocabulary';

export class OutboxListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @ApiPropertyOptional({ enum: MAIL_KINDS })
  @IsOptional()
  @IsIn(MAIL_KINDS)
  kind?: MailKind;

  /** What the messages are about (a policy version id for POLICY_CHANGED). */
  @IsOptional()
  @IdField()
  reference?: string;
}

/** Delivery status of one message: ids, codes and times only, no address, name or text. */
export class OutboxMessageView {
  id!: string;
  kind!: MailKind;
  subjectId!: string;
  reference!: string;
  status!: OutboxStatus;
  attempts!: number;
  nextAttemptAt!: string;
  lastError!: string | null;
  createdAt!: string;
  sentAt!: string | null;
}

export class OutboxPage {
  items!: OutboxMessageView[];
  nextCursor!: string | null;
  /** How many messages matching the filter (status aside) are in each status. */
  counts!: Record<OutboxStatus, number>;
}
