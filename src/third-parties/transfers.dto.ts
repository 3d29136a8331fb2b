import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { Nested, Nullable } from '../common/presence';
import { PD_FIELD_NAMES, type PdField } from '../pd/fields';
import { CATEGORIES, type Category, PURPOSES, type Purpose } from '../pd/vocabulary';
import {
  LEGAL_BASES,
  LegalBasis,
  VERIFICATION_RESULTS,
  type VerificationResult,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

/** The result a VERIFIER third party returned (P5): names of the fields it checked. */
export class VerificationDto {
  @ApiProperty({ enum: VERIFICATION_RESULTS })
  @IsIn(VERIFICATION_RESULTS)
  result!: VerificationResult;

  @ApiProperty({ enum: PD_FIELD_NAMES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(PD_FIELD_NAMES, { each: true })
  fieldsChecked!: PdField[];
}

/** DESIGN.md's body; `verification` makes it a verification through a VERIFIER (P5). */
@BodyExample<TransferDto>({
  subjectId: '9d2e4f6a-1c3b-4a5d-8e7f-0a2b4c6d8e31',
  thirdPartyId: '7e9a1c3d-5f2b-4d6e-a8c0-1b3d5f7a9e64',
  categories: ['IDENTITY', 'ID_DOCUMENT'],
  purpose: 'IDENTIFICATION',
  legalBasis: 'CONSENT',
  lawReference: null,
  verification: {
    result: 'VERIFIED',
    fieldsChecked: ['surname', 'givenName', 'iin', 'idDocumentNumber'],
  },
})
export class TransferDto {
  @IdField()
  subjectId!: string;

  @IdField()
  thirdPartyId!: string;

  @ApiProperty({ enum: CATEGORIES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories!: Category[];

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose!: Purpose;

  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES)
  legalBasis!: LegalBasis;

  /** Required when the basis is LAW (the provision that requires the transfer); null otherwise. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @Nullable((dto: TransferDto) => dto.legalBasis !== LegalBasis.LAW)
  @ValidateIf((dto: TransferDto) => dto.legalBasis === LegalBasis.LAW || dto.lawReference != null)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  lawReference?: string | null;

  @IsOptional()
  @Nested(() => VerificationDto)
  verification?: VerificationDto;
}

/** `categories` as a comma-separated list or repeated parameters. */
const listOf = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' || Array.isArray(value)
    ? [value]
        .flat()
        .flatMap((item) => String(item).split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;

/** The same question as POST /transfers, asked before sending; `lawReference` is not needed here. */
export class TransferCheckQuery {
  @IdField()
  subjectId!: string;

  @IdField()
  thirdPartyId!: string;

  @ApiProperty({ description: 'Comma-separated categories', example: 'IDENTITY,ID_DOCUMENT' })
  @Transform(listOf)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories!: Category[];

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose!: Purpose;

  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES)
  legalBasis!: LegalBasis;
}

/** Staff lists: by subject, by third party, or both. */
export class TransferListQuery extends PageQuery {
  @IsOptional()
  @IdField()
  subjectId?: string;

  @IsOptional()
  @IdField()
  thirdPartyId?: string;
}

export class TransferCheckView {
  allowed!: boolean;
  @ApiPropertyOptional()
  code?: string;
  reason!: string;
}

export class TransferView {
  id!: string;
  subjectId!: string;
  thirdParty!: { id: string; name: string | null; country: string | null };
  categories!: Category[];
  purpose!: Purpose;
  legalBasis!: LegalBasis;
  lawReference!: string | null;
  @ApiProperty({ nullable: true })
  verification!: { result: VerificationResult; fieldsChecked: PdField[] } | null;
  recordedBy!: { kind: string; id: string };
  at!: string;
}

/** What the subject is told of a transfer (P15.1), and what their report lists. */
export class SubjectTransferView {
  /** The third party's name. */
  thirdParty!: string | null;
  country!: string | null;
  categories!: Category[];
  purpose!: Purpose;
  legalBasis!: LegalBasis;
  lawReference!: string | null;
  at!: string;
}
