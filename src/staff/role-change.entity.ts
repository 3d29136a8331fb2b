import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { Role } from './roles';
import type { RoleChangeStatus } from './vocabulary';

/** A proposed or applied change of one account's roles: the full new set and the one before. */
@Entity('staff_role_changes')
@Index(['staffId', 'status'])
@Index(['status', 'createdAt'])
export class RoleChange {
  @IdColumn()
  id!: string;

  @RefColumn()
  staffId!: string;

  @JsonColumn()
  fromRoles!: Role[];

  @JsonColumn()
  roles!: Role[];

  @Column({ type: 'varchar', length: 12 })
  status!: RoleChangeStatus;

  @RefColumn()
  proposedBy!: string;

  /** When it was proposed. */
  @TimeColumn()
  createdAt!: Date;

  /** Who approved it (COMPLIANCE_OFFICER added); the proposer when applied at once. */
  @RefColumn({ nullable: true })
  decidedBy!: string | null;

  @TimeColumn({ nullable: true })
  decidedAt!: Date | null;
}
