import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { IsIpAddress } from '../common/ip-address';
import { Nested } from '../common/presence';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords';
import { SubjectFieldsDto } from '../subjects/subject-fields.dto';
import { Channel } from '../subjects/vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

const CONSENT_CHANNELS = [Channel.WEB, Channel.MOBILE_APP, Channel.SUPPORT];

/** How the subject accepted the policy: what the consent record keeps as evidence (P12). */
export class ConsentEvidenceDto {
  @IsIpAddress()
  ip!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(512)
  userAgent!: string;

  @ApiProperty({ enum: CONSENT_CHANNELS })
  @IsIn(CONSENT_CHANNELS)
  channel!: Channel;
}

@BodyExample<RegisterSubjectDto>({
  surname: 'Ахметова',
  givenName: 'Айгерим',
  patronymic: 'Серикқызы',
  email: 'a.akhmetova@example.kz',
  phone: '+77011234567',
  password: 'tulip-caravan-meadow-48',
  iin: '880415401230',
  iban: 'KZ75125KZT1001300335',
  cardNumber: '4111111111111111',
  bankName: 'Halyk Bank',
  idDocument: {
    type: 'ID_CARD',
    number: '045678912',
    issuer: 'МВД РК',
    issuedOn: '2020-01-31',
    expiresOn: '2030-01-30',
  },
  preferredLanguage: 'kk',
  policyVersionId: '4a8c2e6f-0b1d-4e3a-9c5b-7d9f1a3c5e42',
  consent: {
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
    channel: 'WEB',
  },
})
export class RegisterSubjectDto extends SubjectFieldsDto {
  /** Sets the personal-cabinet password; without it the subject has no cabinet sign-in yet. */
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  /** The policy version in force, which the subject accepted. Without it: POLICY_NOT_ACCEPTED. */
  @ApiPropertyOptional()
  @IsOptional()
  @IdField()
  policyVersionId?: string;

  @ApiPropertyOptional({ type: ConsentEvidenceDto })
  @IsOptional()
  @Nested(() => ConsentEvidenceDto)
  consent?: ConsentEvidenceDto;
}

export class RegisteredView {
  id!: string;
  policyVersionId!: string;
  consentId!: string;
  createdAt!: string;
}
