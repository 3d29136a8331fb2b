import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { ActorKind } from '../audit/audit-actions';
import type { Category, Purpose } from '../pd/vocabulary';
import type { DestructionMethod, MediumKind } from './vocabulary';

/**
 * A registered medium (P11.3): every file that left the service with PD in it, written
 * when it was made, in the transaction of its audit entry, never by hand. What it holds
 * is described, never copied: subjects by id, categories by name, the file by its
 * SHA-256 and size, so a copy found later can be checked against it (substitution).
 */
@Entity('media')
@Index(['destroyedAt', 'destroyBy'])
@Index(['kind', 'createdAt'])
export class Medium {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: MediumKind;

  @Column({ type: 'varchar', length: 10 })
  makerKind!: ActorKind;

  /** The staff member who made it; null for the system (a backup from the command line). */
  @RefColumn({ nullable: true })
  makerId!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true, default: null })
  purpose!: Purpose | null;

  /** The access orders in force that admitted it. */
  @JsonColumn()
  orderIds!: string[];

  @Column({ type: 'int' })
  subjectCount!: number;

  /** The subjects, for a medium of a few (NAMED_SUBJECTS_MAX); null for more, or everyone. */
  @JsonColumn({ nullable: true })
  subjectIds!: string[] | null;

  @JsonColumn()
  categories!: Category[];

  @Column({
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: unknown) => Number(v) },
  })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'boolean' })
  encrypted!: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  keyId!: string | null;

  /** Where it went, as the maker stated it ("handed to the court on request № …"). */
  @Column({ type: 'varchar', length: 500 })
  destination!: string;

  @TimeColumn()
  createdAt!: Date;

  /** When it must be destroyed: MEDIA_RETENTION_DAYS after an export; a backup's term. */
  @TimeColumn({ nullable: true })
  destroyBy!: Date | null;

  @TimeColumn({ nullable: true })
  destroyedAt!: Date | null;

  @RefColumn({ nullable: true })
  destroyedBy!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  destructionMethod!: DestructionMethod | null;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  destructionNote!: string | null;
}

/** Which subjects' PD a medium holds, one row each, for the subject's report. */
@Entity('medium_subjects')
@Index(['subjectId'])
export class MediumSubject {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  mediumId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  subjectId!: string;
}
