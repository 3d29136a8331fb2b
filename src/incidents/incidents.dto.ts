import { IsEnum, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { type IncidentRule, IncidentStatus, SuspendableKind } from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

@BodyExample<OpenIncidentDto>({
  actorKind: 'staff',
  actorId: '0b7e5d3c-9a21-4f6e-8d4c-7a1b3c5e9f20',
  description: 'Чтение карточек клиентов вне рабочего времени без заявки',
})
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

@BodyExample<LiftIncidentDto>({ reason: 'Проверка завершена: доступ был по заявке № 318' })
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
