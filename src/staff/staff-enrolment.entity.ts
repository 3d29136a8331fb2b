import { Entity, Index } from 'typeorm';
import { DigestColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * One enrolment token: the only way a staff password is ever set. The token itself is
 * never stored: it is derived from the row's id under the server's key when the email is
 * rendered (see EnrolmentTokens), and only its SHA-256 is kept here to find the row.
 */
@Entity('staff_enrolments')
@Index(['staffId', 'createdAt'])
export class StaffEnrolment {
  @IdColumn()
  id!: string;

  @RefColumn()
  staffId!: string;

  @DigestColumn({ unique: true })
  tokenDigest!: string;

  /** Who made the account or reset it; null for the server's command line. */
  @RefColumn({ nullable: true })
  issuedBy!: string | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  expiresAt!: Date;

  /** Set once, by the enrolment that used it: single use. */
  @TimeColumn({ nullable: true })
  usedAt!: Date | null;

  /** A later token for the same account replaces this one. */
  @TimeColumn({ nullable: true })
  revokedAt!: Date | null;
}
