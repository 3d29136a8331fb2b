import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsFQDN, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { IsIpAddress } from '../common/ip-address';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords';
import { normaliseEmail } from '../common/transforms';
import type { PdView } from '../pd/pd-view.dto';
import {
  CONTRACT_STATES,
  type ContractState,
  type Language,
  type VerificationStatus,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';
import { IsInstant } from '../common/time-fields';
import { IsWebUrl } from '../common/web-url';

@BodyExample<SubjectLoginDto>({
  email: 'a.akhmetova@example.kz',
  password: 'tulip-caravan-meadow-48',
})
export class SubjectLoginDto {
  @Transform(normaliseEmail)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

@BodyExample<SubjectPasswordDto>({
  currentPassword: 'tulip-caravan-meadow-48',
  newPassword: 'amber-steppe-falcon-62',
})
export class SubjectPasswordDto {
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

@BodyExample<ContractStateDto>({ state: 'OBLIGATIONS_FULFILLED', at: '2026-11-30T09:30:00Z' })
export class ContractStateDto {
  @ApiProperty({ enum: CONTRACT_STATES })
  @IsIn(CONTRACT_STATES)
  state!: ContractState;

  /** When the state took effect (ISO 8601, UTC). */
  @IsInstant()
  at!: string;
}

@BodyExample<VisitDto>({
  ip: '203.0.113.7',
  cookieId: 'c1f0e6a2-visitor',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/132.0',
  at: '2026-11-30T09:12:45Z',
  pageUrl: 'https://fingram.kz/pricing',
  ispDomain: 'kaztelecom.kz',
  subjectId: '9d2e4f6a-1c3b-4a5d-8e7f-0a2b4c6d8e31',
})
export class VisitDto {
  @IsIpAddress()
  ip!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  cookieId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(512)
  userAgent!: string;

  /** When the page was requested (ISO 8601, UTC). */
  @IsInstant()
  at!: string;

  @ApiProperty({ format: 'uri' })
  @IsWebUrl()
  @MaxLength(2048)
  pageUrl!: string;

  @ApiPropertyOptional({ example: 'kaztelecom.kz' })
  @IsOptional()
  @IsFQDN()
  @MaxLength(255)
  ispDomain?: string;

  /** The subject, when the visitor is signed in or otherwise known. */
  @IsOptional()
  @IdField()
  subjectId?: string;
}

export class ContractView {
  @ApiProperty({ enum: CONTRACT_STATES })
  state!: ContractState;
  at!: string;
}

export class MeView {
  id!: string;
  /** Own PD in full, except the card number, which is always masked. */
  pd!: PdView;
  preferredLanguage!: Language;
  contract!: ContractView | null;
  blocked!: boolean;
  /** The latest verification through a third party (P5); FAILED flags the subject. */
  verification!: VerificationView | null;
  createdAt!: string;
  updatedAt!: string;
}

export class VerificationView {
  status!: VerificationStatus;
  at!: string | null;
}

export class RecordedView {
  id!: string;
}
