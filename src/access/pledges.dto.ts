import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IdField } from '../common/id-param';
import { BodyExample } from '../openapi/schema-extensions';
import { IsInstant } from '../common/time-fields';

@BodyExample<PublishPledgeVersionDto>({
  text: 'Обязательство о неразглашении персональных данных, редакция 2: ...',
  effectiveFrom: '2027-01-01T00:00:00Z',
})
export class PublishPledgeVersionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(30000)
  text!: string;

  /** When it takes effect (ISO 8601); at publication when omitted. */
  @IsOptional()
  @IsInstant()
  effectiveFrom?: string;
}

@BodyExample<SignPledgeDto>({
  fullName: 'Данияр Сейткали',
  pledgeVersionId: '2c4e6a8b-0d1f-4a3c-8e5b-9f1d3b5a7c53',
})
export class SignPledgeDto {
  /** The signer's full name, typed: it must match the name on their account. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  /** The version signed; the one in force when omitted. An announced later one may be signed ahead. */
  @IsOptional()
  @IdField()
  pledgeVersionId?: string;
}

export class PledgeVersionView {
  id!: string;
  text!: string;
  textHash!: string;
  effectiveFrom!: string;
  publishedAt!: string;
}

export class PledgeSignatureView {
  id!: string;
  pledgeVersionId!: string;
  signedAt!: string;
}
