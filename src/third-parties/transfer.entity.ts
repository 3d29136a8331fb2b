import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { PdField } from '../pd/fields';
import type { Category, Purpose } from '../pd/vocabulary';
import type { LegalBasis, VerificationResult } from './vocabulary';

/**
 * A transfer of a subject's PD to a third party that passed every check (P8, P13, P14),
 * with its legal basis; a verification (P5) is a transfer that also carries a result.
 * Refused transfers are not here: they are DENIED entries in the audit trail.
 */
@Entity('transfers')
@Index(['subjectId', 'at'])
@Index(['thirdPartyId', 'at'])
export class Transfer {
  @IdColumn()
  id!: string;

  @RefColumn()
  subjectId!: string;

  @RefColumn()
  thirdPartyId!: string;

  @JsonColumn()
  categories!: Category[];

  @Column({ type: 'varchar', length: 24 })
  purpose!: Purpose;

  @Column({ type: 'varchar', length: 12 })
  legalBasis!: LegalBasis;

  /** The provision that requires it, when the basis is LAW. */
  @Column({ type: 'varchar', length: 300, nullable: true, default: null })
  lawReference!: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true, default: null })
  verificationResult!: VerificationResult | null;

  /** Names of the fields the verifier checked, never their values. */
  @JsonColumn({ nullable: true })
  fieldsChecked!: PdField[] | null;

  /** Who recorded it: `client` (the Billing) or `staff`. */
  @Column({ type: 'varchar', length: 12 })
  actorKind!: string;

  @RefColumn()
  actorId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  requestId!: string | null;

  @TimeColumn()
  at!: Date;
}
