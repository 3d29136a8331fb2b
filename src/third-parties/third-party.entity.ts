import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { Category } from '../pd/vocabulary';
import type { ThirdPartyRole, ThirdPartyStatus } from './vocabulary';

/**
 * Someone PD may go to (P8, P13): identified by BIN in Kazakhstan or a registration
 * number abroad, with the confidentiality agreement it signed and the categories that
 * agreement lets it receive. No PD of subjects here.
 */
@Entity('third_parties')
@Index(['createdAt', 'id'])
export class ThirdParty {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Kazakhstan's business identification number; null abroad. */
  @Column({ type: 'varchar', length: 12, nullable: true, default: null })
  bin!: string | null;

  /** The foreign register's number; null in Kazakhstan. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  registrationNumber!: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: ThirdPartyRole;

  @Column({ type: 'varchar', length: 64 })
  agreementNumber!: string;

  /** Calendar days (`YYYY-MM-DD`, read in Asia/Almaty: legal-day.ts), stored as text. */
  @Column({ type: 'varchar', length: 10 })
  agreementSignedOn!: string;

  @Column({ type: 'varchar', length: 10 })
  agreementValidUntil!: string;

  /** The agreement binds the party to confidentiality (P8); without it nothing is sent. */
  @Column({ type: 'boolean' })
  agreementConfidentiality!: boolean;

  /** What the agreement lets it receive. */
  @JsonColumn()
  categories!: Category[];

  @Column({ type: 'varchar', length: 12 })
  status!: ThirdPartyStatus;

  /** Guards read-modify-write against concurrent changes; each change keeps history. */
  @Column({ type: 'int' })
  version!: number;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;

  @RefColumn()
  updatedBy!: string;
}
