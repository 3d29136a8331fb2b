import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/** A version of the confidentiality pledge staff sign before touching PD (P10, P11.1). */
@Entity('pledge_versions')
@Index(['effectiveFrom', 'publishedAt'])
export class PledgeVersion {
  @IdColumn()
  id!: string;

  @Column({ type: 'text' })
  text!: string;

  /** SHA-256 of `text`: what a signature is a signature of. */
  @Column({ type: 'varchar', length: 64 })
  textHash!: string;

  /** From this moment every signature of an earlier version is insufficient. */
  @TimeColumn()
  effectiveFrom!: Date;

  @TimeColumn()
  publishedAt!: Date;

  @RefColumn()
  publishedBy!: string;
}
