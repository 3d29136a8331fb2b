import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { ConsentAction, ConsentPurpose } from './vocabulary';

/**
 * One grant or withdrawal of a consent (P12): appended, never changed, so the state at any
 * past moment can be answered. The evidence (address, user agent) is sealed under the
 * subject's data key. Unique per subject, purpose and time: the latest record of a purpose
 * is never ambiguous, and the index also serves "latest record of a purpose".
 */
@Entity('consents')
@Index(['subjectId', 'purpose', 'at'], { unique: true })
export class Consent {
  @IdColumn()
  id!: string;

  @RefColumn()
  subjectId!: string;

  @Column({ type: 'varchar', length: 32 })
  purpose!: ConsentPurpose;

  @Column({ type: 'varchar', length: 12 })
  action!: ConsentAction;

  /** The exact policy version the subject accepted or withdrew under. */
  @RefColumn()
  policyVersionId!: string;

  @TimeColumn()
  at!: Date;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ type: 'text', nullable: true, default: null })
  evidence!: string | null;

  @Column({ type: 'varchar', length: 10 })
  recordedByKind!: string;

  @RefColumn()
  recordedBy!: string;
}
