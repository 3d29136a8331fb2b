import { Column, Entity, Index } from 'typeorm';
import { DigestColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * One visit to the site (P4.1), category TECHNICAL. The IP address and the cookie id are
 * kept only as keyed hashes: enough to link a visitor's visits to a subject once known,
 * useless without the key.
 */
@Entity('visits')
export class Visit {
  @IdColumn()
  id!: string;

  @TimeColumn()
  @Index()
  visitedAt!: Date;

  @DigestColumn()
  ipHash!: string;

  @DigestColumn()
  @Index()
  cookieHash!: string;

  @Column({ type: 'varchar', length: 512 })
  userAgent!: string;

  /** Scheme, host and path only: a query string could carry PD and is dropped. */
  @Column({ type: 'varchar', length: 2048 })
  pageUrl!: string;

  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  ispDomain!: string | null;

  @RefColumn({ nullable: true })
  @Index()
  subjectId!: string | null;

  @TimeColumn()
  receivedAt!: Date;
}
