import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { normaliseEmail, toBoolean } from '../common/transforms';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords';
import { type Role, ROLES } from './roles';

export class StaffLoginDto {
  @IsEmail()
  @MaxLength(254)
  @Transform(normaliseEmail)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class CreateStaffDto {
  @IsEmail()
  @MaxLength(254)
  @Transform(normaliseEmail)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class UpdateStaffDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  /** false deactivates the account and ends its sessions at once. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** Resets the password and ends the account's sessions. */
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export class ChangeOwnPasswordDto {
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class StaffListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class StaffView {
  id!: string;
  email!: string;
  fullName!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
  active!: boolean;
  suspended!: boolean;
  suspendedAt!: string | null;
  createdAt!: string;
  updatedAt!: string;
}
