import {
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import {
  CATEGORIES,
  type Category,
  OPERATIONS,
  type Operation,
  PURPOSES,
  type Purpose,
} from '../pd/vocabulary';
import type { DenialReason, HolderKind } from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';
import { IsDay, IsInstant } from '../common/time-fields';

/** What an order and a client grant both state (DESIGN.md, "Main bodies"). */
export class OrderTermsDto {
  @Matches(/^[\p{L}\d./ _-]{1,64}$/u, {
    message: 'number must be 1-64 letters, digits, dots, slashes, dashes or spaces',
  })
  number!: string;

  /** The order's date (YYYY-MM-DD). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issuedOn must be a date (YYYY-MM-DD)' })
  @IsDay()
  issuedOn!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  basis!: string;

  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories!: Category[];

  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(OPERATIONS, { each: true })
  operations!: Operation[];

  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PURPOSES, { each: true })
  purposes!: Purpose[];

  @IsInstant()
  validFrom!: string;

  /** Exclusive end; at most ACCESS_ORDER_MAX_DAYS after validFrom. */
  @IsInstant()
  validUntil!: string;
}

@BodyExample<IssueOrderDto>({
  employeeId: '0b7e5d3c-9a21-4f6e-8d4c-7a1b3c5e9f20',
  number: 'PD-2026-014',
  issuedOn: '2026-11-24',
  basis: 'Приказ № 14 о допуске к обработке персональных данных для сопровождения договоров',
  categories: ['IDENTITY', 'CONTACT'],
  operations: ['READ'],
  purposes: ['CONTRACT'],
  validFrom: '2026-11-24T00:00:00Z',
  validUntil: '2027-05-24T00:00:00Z',
})
export class IssueOrderDto extends OrderTermsDto {
  @IdField()
  employeeId!: string;
}

@BodyExample<GrantClientDto>({
  clientId: '6f1c2a4e-3b7d-4e8a-9c15-2d4b6e8f0a13',
  number: 'PD-2026-015',
  issuedOn: '2026-11-24',
  basis: 'Договор на сопровождение Биллинга, п. 4.2: передача для расчётов',
  categories: ['IDENTITY', 'CONTACT', 'BANKING'],
  operations: ['READ', 'EXPORT'],
  purposes: ['CONTRACT', 'SETTLEMENTS'],
  validFrom: '2026-11-24T00:00:00Z',
  validUntil: '2027-11-24T00:00:00Z',
})
export class GrantClientDto extends OrderTermsDto {
  @IdField()
  clientId!: string;
}

@BodyExample<RevokeOrderDto>({ reason: 'Сотрудник переведён в другой отдел' })
export class RevokeOrderDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export const OrderState = {
  IN_FORCE: 'IN_FORCE',
  FUTURE: 'FUTURE',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
} as const;
export type OrderState = (typeof OrderState)[keyof typeof OrderState];

export class OrderListQuery extends PageQuery {
  @IsOptional()
  @IdField()
  employeeId?: string;

  @IsOptional()
  @IdField()
  clientId?: string;

  @IsOptional()
  @IsEnum(OrderState)
  state?: OrderState;

  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;
}

export class AccessOrderView {
  id!: string;
  holderKind!: HolderKind;
  holderId!: string;
  number!: string;
  issuedOn!: string;
  basis!: string;
  categories!: Category[];
  operations!: Operation[];
  purposes!: Purpose[];
  validFrom!: string;
  validUntil!: string;
  state!: OrderState;
  issuedBy!: string;
  issuedAt!: string;
  revokedAt!: string | null;
  revokedBy!: string | null;
  revocationReason!: string | null;
}

export class OrderGrantView {
  orderId!: string;
  number!: string;
  operations!: Operation[];
  purposes!: Purpose[];
  validUntil!: string;
}

export class PledgeStateView {
  versionId!: string | null;
  signed!: boolean;
}

export class CategoryAccessView {
  category!: Category;
  /** What may be done now, order by order. */
  grants!: OrderGrantView[];
  /** Why nothing may be done now; null when something may. */
  denied!: DenialReason | null;
}

export class EffectiveAccessView {
  staffId!: string;
  at!: string;
  active!: boolean;
  suspended!: boolean;
  /** Waiting for an officer's confirmation after a credential reset or email change. */
  paused!: boolean;
  pledge!: PledgeStateView;
  categories!: CategoryAccessView[];
}
