import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { BodyExample } from '../openapi/schema-extensions';
import { IsInstant } from '../common/time-fields';

/** 30,000 characters fit a TEXT column in any language's UTF-8. */
const MAX_TEXT = 30000;

@BodyExample<PublishPolicyVersionDto>({
  label: '2026-12 ред. 4',
  text: 'Политика конфиденциальности ТОО «Fingram», редакция 4: ...',
  textKk: 'ТОО «Fingram» құпиялылық саясаты, 4-редакция: ...',
  textEn: 'Privacy policy of Fingram LLP, revision 4: ...',
  effectiveAt: '2027-01-01T00:00:00Z',
  significant: true,
})
export class PublishPolicyVersionDto {
  @Matches(/^[\p{L}\d._ -]{1,64}$/u, {
    message: 'label must be 1-64 letters, digits, dots, dashes or spaces',
  })
  label!: string;

  /** The policy text in Russian. */
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  text!: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  textKk?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  textEn?: string;

  /** When it takes effect (ISO 8601); at publication when omitted (P20). */
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;

  @IsBoolean()
  significant!: boolean;
}

export class PolicyVersionListQuery extends PageQuery {}

export class PolicyVersionView {
  id!: string;
  label!: string;
  text!: string;
  textKk!: string | null;
  textEn!: string | null;
  textHash!: string;
  effectiveAt!: string;
  significant!: boolean;
  publishedAt!: string;
}

export class PublishedPolicyVersionView extends PolicyVersionView {
  /** Email notices queued for subjects who accepted an earlier version (significant only, P20). */
  noticesQueued!: number;
}
