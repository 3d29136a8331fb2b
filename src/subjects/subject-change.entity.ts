import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { PdField } from '../pd/fields';
import type { Channel } from './vocabulary';

/** One changed field (P6, P18): the old value sealed under the subject's key, who, when, how. */
@Entity('subject_changes')
@Index(['subjectId', 'changedAt'])
export class SubjectChange {
  @IdColumn()
  id!: string;

  @RefColumn()
  subjectId!: string;

  @Column({ type: 'varchar', length: 32 })
  field!: PdField;

  /** Sealed old value; null when the field was empty before. */
  @Column({ type: 'text', nullable: true, default: null })
  oldValue!: string | null;

  @TimeColumn()
  changedAt!: Date;

  @Column({ type: 'varchar', length: 10 })
  actorKind!: string;

  @RefColumn()
  actorId!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  @Column({ type: 'varchar', length: 64 })
  requestId!: string;
}
