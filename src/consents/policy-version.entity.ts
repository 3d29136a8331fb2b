import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/** One published version of the privacy policy (P20). */
@Entity('policy_versions')
@Index(['effectiveAt', 'publishedAt'])
export class PolicyVersion {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  label!: string;

  /** The policy in Russian, the binding text. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text', nullable: true, default: null })
  textKk!: string | null;

  @Column({ type: 'text', nullable: true, default: null })
  textEn!: string | null;

  /** SHA-256 of `text`: what a consent receipt cites. */
  @Column({ type: 'varchar', length: 64 })
  textHash!: string;

  /** In force from this moment on (P20: from publication unless it says otherwise). */
  @TimeColumn()
  effectiveAt!: Date;

  /** A significant change: subjects who accepted an earlier version are told by email. */
  @Column({ type: 'boolean' })
  significant!: boolean;

  @TimeColumn()
  publishedAt!: Date;

  @RefColumn()
  publishedBy!: string;
}
