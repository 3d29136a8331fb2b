import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import { type Scope, SCOPES } from './scopes';
import { BodyExample } from '../openapi/schema-extensions';

@BodyExample<ClientTokenDto>({
  clientId: '6f1c2a4e-3b7d-4e8a-9c15-2d4b6e8f0a13',
  clientSecret: 'pdcs_Wq3xN7vR2kLm9sT4yB6dF8hJ1cZ5',
})
export class ClientTokenDto {
  @IdField()
  clientId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  clientSecret!: string;
}

@BodyExample<CreateClientDto>({
  name: 'Billing',
  scopes: [
    'subjects:write',
    'subjects:read',
    'contracts:write',
    'visits:write',
    'consents:read',
    'transfers:write',
  ],
})
export class CreateClientDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];
}

@BodyExample<UpdateClientDto>({ name: 'Billing (production)', active: true })
export class UpdateClientDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: SCOPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes?: Scope[];

  /** false deactivates the client and ends its sessions at once. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ClientListQuery extends PageQuery {}

export class ClientView {
  id!: string;
  name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];
  active!: boolean;
  suspended!: boolean;
  /** PD grants wait for a compliance officer after a secret rotation (POST /clients/:id/confirm). */
  paused!: boolean;
  createdAt!: string;
  updatedAt!: string;
}

export class ClientWithSecret extends ClientView {
  /** Shown only in this response; store it in the client's secret store now. */
  clientSecret!: string;
}
