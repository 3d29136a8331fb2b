import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
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
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { normaliseEmail, toBoolean } from '../common/transforms';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords';
import { type Role, ROLES } from './roles';
import { RoleChangeStatus } from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

@BodyExample<StaffLoginDto>({ email: 'd.seitkali@fingram.kz', password: 'granite-poplar-orbit-53' })
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

/** No password: the person sets their own with the enrolment token mailed to them. */
@BodyExample<CreateStaffDto>({
  email: 'd.seitkali@fingram.kz',
  fullName: 'Данияр Сейткали',
  roles: ['OPERATOR'],
})
export class CreateStaffDto {
  @IsEmail()
  @MaxLength(254)
  @Transform(normaliseEmail)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  /** COMPLIANCE_OFFICER among them waits for another officer's approval (pendingRoleChange). */
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

/**
 * Name, email, activation. Neither roles (POST /staff/:id/role-changes) nor a password
 * (nobody sets another person's): those fields are unknown here and refused.
 */
@BodyExample<UpdateStaffDto>({ fullName: 'Данияр Сейткали', active: true })
export class UpdateStaffDto extends PartialType(PickType(CreateStaffDto, ['email', 'fullName'])) {
  /** false deactivates the account and ends its sessions at once. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@BodyExample<ChangeOwnPasswordDto>({
  currentPassword: 'granite-poplar-orbit-53',
  newPassword: 'saffron-glacier-lantern-71',
})
export class ChangeOwnPasswordDto {
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

@BodyExample<EnrolDto>({
  token: 'pden_3f9a0c7e2b514d68a1e4c9f70b3d2a56e8c1f4b7a9d0e3c6b2f5a8d1c4e7b0a9',
  password: 'granite-poplar-orbit-53',
})
export class EnrolDto {
  /** The one-time token from the enrolment email. */
  @IsString()
  @Matches(/^pden_[0-9a-f]{64}$/, { message: 'token must be the token from the enrolment email' })
  token!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
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
  /** Whether the person has set their password with an enrolment token. */
  enrolled!: boolean;
  suspended!: boolean;
  suspendedAt!: string | null;
  /** PD access waits for a compliance officer's confirmation (POST /staff/:id/confirm). */
  paused!: boolean;
  pausedAt!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

export class PendingRoleChangeRef {
  id!: string;
  @ApiProperty({ enum: [RoleChangeStatus.PENDING] })
  status!: typeof RoleChangeStatus.PENDING;
}

export class CreatedStaffView extends StaffView {
  /** Present when COMPLIANCE_OFFICER was asked for: it waits for another officer. */
  pendingRoleChange?: PendingRoleChangeRef;
}
