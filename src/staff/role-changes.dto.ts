import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { type Role, ROLES } from './roles';
import { ROLE_CHANGE_STATUSES, type RoleChangeStatus } from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

@BodyExample<ProposeRoleChangeDto>({ roles: ['OPERATOR', 'AUDITOR'] })
export class ProposeRoleChangeDto {
  /** The full new set of roles (empty removes them all). */
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class RoleChangeListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLE_CHANGE_STATUSES })
  @IsOptional()
  @IsIn(ROLE_CHANGE_STATUSES)
  status?: RoleChangeStatus;
}

export class RoleChangeView {
  id!: string;
  @ApiProperty({ enum: ROLE_CHANGE_STATUSES })
  status!: RoleChangeStatus;
  staffId!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  fromRoles!: Role[];
  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
  proposedBy!: string;
  proposedAt!: string;
  decidedBy!: string | null;
  decidedAt!: string | null;
}
