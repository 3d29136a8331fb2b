import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { CATEGORIES, type Category, type Operation, type Purpose } from '../pd/vocabulary';
import { type Role, ROLES } from '../staff/roles';
import {
  ACTOR_KINDS,
  type ActorKind,
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_PROBLEMS,
  type AuditAction,
  type AuditOutcome,
  type AuditProblem,
} from './audit-actions';
import { IsInstant } from '../common/time-fields';

export class AuditQuery extends PageQuery {
  @IsOptional()
  @IdField()
  actorId?: string;

  @IsOptional()
  @IdField()
  subjectId?: string;

  /** The staff account or service client a change was made to. */
  @IsOptional()
  @IdField()
  targetId?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  /** Entries at or after this time (ISO 8601). */
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Entries before this time (ISO 8601). */
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AuditEntryView {
  id!: string;
  chainId!: string;
  seq!: number;
  at!: string;
  @ApiProperty({ enum: ACTOR_KINDS })
  actorKind!: ActorKind;
  actorId!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true })
  actorRoles!: Role[];
  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;
  subjectId!: string | null;
  targetId!: string | null;
  fields!: string[];
  @ApiProperty({ enum: CATEGORIES, isArray: true })
  categories!: Category[];
  operation!: Operation | null;
  purpose!: Purpose | null;
  reason!: string | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome!: AuditOutcome;
  code!: string | null;
  requestId!: string | null;
  ip!: string | null;
  /** A failed sign-in that matched no account: keyed hash of the identifier typed. */
  identifierHash!: string | null;
  hash!: string;
}

/** What a data subject is shown of who touched their data: staff by role and id, never name. */
export class AccessLogItem {
  at!: string;
  @ApiProperty({ enum: ACTOR_KINDS })
  actorKind!: ActorKind;
  /** The staff member's or client's id; null for the system. */
  actorId!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true })
  actorRoles!: Role[];
  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;
  @ApiProperty({ enum: CATEGORIES, isArray: true })
  categories!: Category[];
  operation!: Operation | null;
  purpose!: Purpose | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome!: AuditOutcome;
}

export class BadEntryView {
  entryId!: string | null;
  chainId!: string;
  seq!: number;
  at!: string | null;
  @ApiProperty({ enum: AUDIT_PROBLEMS })
  problem!: AuditProblem;
  detail!: string;
}

export class VerifyReportView {
  ok!: boolean;
  chains!: number;
  entries!: number;
  firstBad?: BadEntryView;
  durationMs!: number;
}
