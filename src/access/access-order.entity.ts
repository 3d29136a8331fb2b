import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { Category, Operation, Purpose } from '../pd/vocabulary';
import type { HolderKind } from './vocabulary';

/**
 * A formal access order (P10): who may do which operations on which PD categories for
 * which purposes, from when until when. A staff member's order, or a service client's
 * grant (`holderKind`), both issued by a compliance officer and checked the same way.
 * Never edited after issue except to revoke it.
 */
@Entity('access_orders')
@Index(['holderId', 'validUntil'])
@Index(['validUntil', 'validFrom'])
export class AccessOrder {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  holderKind!: HolderKind;

  @RefColumn()
  holderId!: string;

  @Column({ type: 'varchar', length: 64 })
  number!: string;

  /** The order's date as written on it (YYYY-MM-DD). */
  @Column({ type: 'varchar', length: 10 })
  issuedOn!: string;

  @Column({ type: 'text' })
  basis!: string;

  @JsonColumn()
  categories!: Category[];

  @JsonColumn()
  operations!: Operation[];

  @JsonColumn()
  purposes!: Purpose[];

  @TimeColumn()
  validFrom!: Date;

  /** Exclusive: the order is in force while validFrom ≤ now < validUntil. */
  @TimeColumn()
  validUntil!: Date;

  @RefColumn()
  issuedBy!: string;

  @TimeColumn()
  issuedAt!: Date;

  @TimeColumn({ nullable: true })
  revokedAt!: Date | null;

  @RefColumn({ nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'text', nullable: true, default: null })
  revocationReason!: string | null;
}
