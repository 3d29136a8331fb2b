import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DigestColumn, TimeColumn } from '../database/columns';

/**
 * One depersonalization, in the order they happened (P15.7, P17): who (the subject's id),
 * when and why, never any PD. Hash-chained like the audit trail (`hash` covers `prevHash`
 * and every other column), and written in the same transaction as the erasure itself, to
 * this table and to the ledger file (`ERASURE_LEDGER_PATH`), which a restore reads to
 * re-apply every erasure newer than the backup.
 */
@Entity('erasure_ledger')
export class ErasureEntry {
  /** 1, 2, 3…: the place in the one chain, given under the head row's lock. */
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 40 })
  reason!: string;

  @TimeColumn()
  erasedAt!: Date;

  @DigestColumn()
  prevHash!: string;

  @DigestColumn()
  hash!: string;
}

/**
 * The chain's head: one row, updated by every append before anything else is written, so
 * appends from any number of instances (or nodes of a cluster) are serialised by its row
 * lock and never take the same place.
 */
@Entity('erasure_ledger_head')
export class ErasureLedgerHead {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  name!: string;

  @Column({ type: 'int' })
  seq!: number;

  @DigestColumn()
  hash!: string;
}

export const LEDGER_HEAD = 'head';
