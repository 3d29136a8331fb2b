import { Column, Entity } from 'typeorm';
import { IdColumn, JsonColumn, TimeColumn } from '../database/columns';
import type { Role } from './roles';

@Entity('staff_members')
export class StaffMember {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  fullName!: string;

  @JsonColumn()
  roles!: Role[];

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** Set by an incident (P16); the account is refused until a compliance officer lifts it. */
  @TimeColumn({ nullable: true })
  suspendedAt!: Date | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;
}
