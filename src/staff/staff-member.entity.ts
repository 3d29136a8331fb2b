import { Column, Entity } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
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

  /**
   * Set only by the person themself, with an enrolment token mailed to them; null until
   * they enrol and again after a credential reset, so nobody else ever knows it.
   */
  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  passwordHash!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** Set by an incident (P16); the account is refused until a compliance officer lifts it. */
  @TimeColumn({ nullable: true })
  suspendedAt!: Date | null;

  /**
   * Set when someone else reset the account's credentials or changed its email: its PD
   * access and PD roles wait until a compliance officer (neither `pausedBy` nor the
   * person) confirms the account is in its owner's hands (access rule, condition 1).
   */
  @TimeColumn({ nullable: true })
  pausedAt!: Date | null;

  @RefColumn({ nullable: true })
  pausedBy!: string | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;
}
