import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/** A staff member's signature of one pledge version, with the traces of the signing. */
@Entity('pledge_signatures')
@Index(['staffId', 'pledgeVersionId'], { unique: true })
export class PledgeSignature {
  @IdColumn()
  id!: string;

  @RefColumn()
  staffId!: string;

  @RefColumn()
  pledgeVersionId!: string;

  /** The full name as the signer typed it. */
  @Column({ type: 'varchar', length: 200 })
  typedName!: string;

  @TimeColumn()
  signedAt!: Date;

  @Column({ type: 'varchar', length: 64 })
  ip!: string;

  @Column({ type: 'varchar', length: 512, nullable: true, default: null })
  userAgent!: string | null;
}
