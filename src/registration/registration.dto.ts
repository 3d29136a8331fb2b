import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsIP, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { Nested } from '../common/presence';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords';
import { SubjectFieldsDto } from '../subjects/subject-fields.dto';
import { Channel } from '../subjects/vocabulary';

const CONSENT_CHANNELS = [Channel.WEB, Channel.MOBILE_APP, Channel.SUPPORT];

/** How the subject accepted the policy: what the consent record keeps as evidence (P12). */
export class ConsentEvidenceDto {
  @IsIP()
  ip!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(512)
  userAgent!: string;

  @ApiProperty({ enum: CONSENT_CHANNELS })
  @IsIn(CONSENT_CHANNELS)
  channel!: Channel;
}

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
