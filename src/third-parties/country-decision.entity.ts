import { Column, Entity } from 'typeorm';
import { RefColumn, TimeColumn } from '../database/columns';

/**
 * A compliance officer's decision on whether a state protects PD (P14). A country with
 * no row does not protect until decided; Kazakhstan (HOME_COUNTRY) needs no row.
 */
@Entity('country_decisions')
export class CountryDecision {
  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'varchar', length: 2, primary: true })
  code!: string;

  @Column({ type: 'boolean' })
  protectsPd!: boolean;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  /** The calendar day of the decision (`YYYY-MM-DD`). */
  @Column({ type: 'varchar', length: 10 })
  decidedOn!: string;

  @Column({ type: 'int' })
  version!: number;

  @TimeColumn()
  updatedAt!: Date;

  @RefColumn()
  updatedBy!: string;
}
