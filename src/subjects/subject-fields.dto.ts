import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { ErasablePartial, Nested, Nullable } from '../common/presence';
import { normaliseEmail } from '../common/transforms';
import { IsCardNumber, IsIin, IsKzIban, IsMobilePhone } from '../pd/validation/decorators';
import { DOCUMENT_TYPES, type DocumentType, type Language, LANGUAGES } from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';
import { IsDay } from '../common/time-fields';

const PERSON_NAME = /^\p{L}[\p{L}\p{M}'’ .-]{0,99}$/u;
const NAME_MESSAGE = '$property must be letters, spaces, hyphens or apostrophes (up to 100)';

export class IdDocumentDto {
  @ApiProperty({ enum: DOCUMENT_TYPES })
  @IsIn(DOCUMENT_TYPES)
  type!: DocumentType;

  @Matches(/^[A-Za-z0-9 ]{5,20}$/, { message: 'number must be 5-20 letters or digits' })
  number!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  issuer!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issuedOn must be a date (YYYY-MM-DD)' })
  @IsDay()
  issuedOn!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  @IsDay()
  expiresOn!: string;
}

/** What registration carries: name, email, phone and IIN are required, the rest may come later. */
export class SubjectFieldsDto {
  @IsDefined({ message: 'surname is required' })
  @Matches(PERSON_NAME, { message: NAME_MESSAGE })
  surname!: string;

  @IsDefined({ message: 'givenName is required' })
  @Matches(PERSON_NAME, { message: NAME_MESSAGE })
  givenName!: string;

  @IsOptional()
  @Nullable()
  @Matches(PERSON_NAME, { message: NAME_MESSAGE })
  patronymic?: string | null;

  @IsDefined({ message: 'email is required' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: '+77011234567' })
  @IsDefined({ message: 'phone is required' })
  @IsMobilePhone()
  phone!: string;

  @ApiProperty({ example: '900101300007' })
  @IsDefined({ message: 'iin is required' })
  @IsIin()
  iin!: string;

  @ApiPropertyOptional({ type: String, example: 'KZ86125KZT5004100100' })
  @IsOptional()
  @Nullable()
  @IsKzIban()
  iban?: string | null;

  @IsOptional()
  @Nullable()
  @IsCardNumber()
  cardNumber?: string | null;

  @IsOptional()
  @Nullable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  bankName?: string | null;

  @IsOptional()
  @Nullable()
  @Nested(() => IdDocumentDto)
  idDocument?: IdDocumentDto | null;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'ru' })
  @IsOptional()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;
}

/**
 * A change to the subject's PD (P6): any subset of the fields. Optional fields are erased
 * with null; the service refuses null for the required ones.
 */
@BodyExample<SubjectChangesDto>({
  email: 'aigerim.akhmetova@example.kz',
  phone: '+77017654321',
  patronymic: null,
})
export class SubjectChangesDto extends ErasablePartial(SubjectFieldsDto) {}
