import { IsEnum, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { type IncidentRule, IncidentStatus, SuspendableKind } from './vocabulary';

export class OpenIncidentDto {
  @IsIn(Object.values(SuspendableKind))
  actorKind!: SuspendableKind;

  @IdField()
  actorId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description!: string;
}

export class LiftIncidentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class IncidentListQuery extends PageQuery {
  @IsOptional()
  @IsEnum(IncidentStatus)
  status?: IncidentStatus;

  @IsOptional()
  @IdField()
  actorId?: string;
}

export class IncidentView {
  id!: string;
  actorKind!: SuspendableKind;
  actorId!: string;
  rule!: IncidentRule;
  description!: string;
  status!: IncidentStatus;
  openedAt!: string;
  openedBy!: string | null;
  breachNoticeDueAt!: string;
  liftedAt!: string | null;
  liftedBy!: string | null;
  liftReason!: string | null;
}
