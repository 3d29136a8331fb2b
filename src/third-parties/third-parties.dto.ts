import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { Nested, Nullable } from '../common/presence';
import { IsBin } from '../pd/validation/decorators';
import { CATEGORIES, type Category } from '../pd/vocabulary';
import { COUNTRY_CODES } from './countries';
import type { Snapshot } from './registry-change.entity';
import {
  THIRD_PARTY_ROLES,
  THIRD_PARTY_STATUSES,
  type ThirdPartyRole,
  type ThirdPartyStatus,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

/** A calendar day, `YYYY-MM-DD`; the service checks it is a real date. */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const IsDay = () => Matches(DAY_PATTERN, { message: '$property must be a date (YYYY-MM-DD)' });

/** The confidentiality agreement on record (P8). */
export class AgreementDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  number!: string;

  @ApiProperty({ example: '2026-01-10' })
  @IsDay()
  signedOn!: string;

  /** The last day it covers, in Asia/Almaty: from the next day on nothing is sent. */
  @ApiProperty({ example: '2027-01-10' })
  @IsDay()
  validUntil!: string;

  /** Whether it binds the party to confidentiality; false means no transfer (P8). */
  @IsBoolean()
  confidentiality!: boolean;
}

/** `bin` for Kazakhstan, `registrationNumber` abroad: exactly one, by `country`. */
@BodyExample<CreateThirdPartyDto>({
  name: 'ТОО «Проверка Данных»',
  bin: '180340005670',
  registrationNumber: null,
  country: 'KZ',
  role: 'VERIFIER',
  agreement: {
    number: 'NDA-7',
    signedOn: '2026-01-10',
    validUntil: '2027-01-10',
    confidentiality: true,
  },
  categories: ['IDENTITY', 'ID_DOCUMENT'],
  status: 'ACTIVE',
})
export class CreateThirdPartyDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Nullable()
  @IsBin()
  bin?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Nullable()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  registrationNumber?: string | null;

  @ApiProperty({ enum: COUNTRY_CODES })
  @IsIn(COUNTRY_CODES, { message: '$property must be an ISO 3166-1 alpha-2 country code' })
  country!: string;

  @ApiProperty({ enum: THIRD_PARTY_ROLES })
  @IsIn(THIRD_PARTY_ROLES)
  role!: ThirdPartyRole;

  @Nested(() => AgreementDto)
  agreement!: AgreementDto;

  @ApiProperty({ enum: CATEGORIES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories!: Category[];

  /** ACTIVE when omitted. */
  @ApiPropertyOptional({ enum: THIRD_PARTY_STATUSES })
  @IsOptional()
  @IsIn(THIRD_PARTY_STATUSES)
  status?: ThirdPartyStatus;
}

/** Any subset; `bin` or `registrationNumber` null clears it; `agreement` is replaced whole. */
@BodyExample<UpdateThirdPartyDto>({
  agreement: {
    number: 'NDA-7/2',
    signedOn: '2027-01-05',
    validUntil: '2028-01-05',
    confidentiality: true,
  },
})
export class UpdateThirdPartyDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Nullable()
  @IsBin()
  bin?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Nullable()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  registrationNumber?: string | null;

  @ApiPropertyOptional({ enum: COUNTRY_CODES })
  @IsOptional()
  @IsIn(COUNTRY_CODES, { message: '$property must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @ApiPropertyOptional({ enum: THIRD_PARTY_ROLES })
  @IsOptional()
  @IsIn(THIRD_PARTY_ROLES)
  role?: ThirdPartyRole;

  @IsOptional()
  @Nested(() => AgreementDto)
  agreement?: AgreementDto;

  @ApiPropertyOptional({ enum: CATEGORIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories?: Category[];

  @ApiPropertyOptional({ enum: THIRD_PARTY_STATUSES })
  @IsOptional()
  @IsIn(THIRD_PARTY_STATUSES)
  status?: ThirdPartyStatus;
}

export class ThirdPartyListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: THIRD_PARTY_ROLES })
  @IsOptional()
  @IsIn(THIRD_PARTY_ROLES)
  role?: ThirdPartyRole;

  @ApiPropertyOptional({ enum: THIRD_PARTY_STATUSES })
  @IsOptional()
  @IsIn(THIRD_PARTY_STATUSES)
  status?: ThirdPartyStatus;
}

export class AgreementView {
  number!: string;
  signedOn!: string;
  validUntil!: string;
  confidentiality!: boolean;
}

export class ThirdPartyView {
  id!: string;
  name!: string;
  bin!: string | null;
  registrationNumber!: string | null;
  country!: string;
  role!: ThirdPartyRole;
  agreement!: AgreementView;
  categories!: Category[];
  status!: ThirdPartyStatus;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

/** One change to the registry: what stood before (null at creation), who, when. */
export class RegistryChangeView {
  version!: number;
  fields!: string[];
  previous!: Snapshot | null;
  changedAt!: string;
  changedBy!: { kind: string; id: string };
}

/** A compliance officer's decision on a state (P14). */
@BodyExample<CountryDecisionDto>({
  decidedOn: '2026-11-24',
  protectsPd: true,
  reason: 'Участник Конвенции 108 Совета Европы',
})
export class CountryDecisionDto {
  @IsBoolean()
  protectsPd!: boolean;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-11-24' })
  @IsDay()
  decidedOn!: string;
}

export class CountryView {
  code!: string;
  protectsPd!: boolean;
  /** Null for Kazakhstan's default, which no one decided. */
  reason!: string | null;
  decidedOn!: string | null;
  version!: number;
  updatedAt!: string | null;
}
