import { Column, Entity, Index } from 'typeorm';
import { DigestColumn, IdColumn, JsonColumn, TimeColumn } from '../database/columns';
import type { PdField } from '../pd/fields';
import type { ContractState, Language, VerificationStatus } from './vocabulary';

/**
 * A registered user (P1). Every PD value is in `sealed`, encrypted under the subject's own
 * data key (Vault); the only other traces of PD are the HMAC blind indexes.
 */
@Entity('subjects')
export class Subject {
  @IdColumn()
  id!: string;

  /** PD field → AES-256-GCM ciphertext, bound to this subject and field. */
  @JsonColumn()
  sealed!: Partial<Record<PdField, string>>;

  @DigestColumn({ nullable: true, unique: true })
  emailIndex!: string | null;

  @DigestColumn({ nullable: true, unique: true })
  phoneIndex!: string | null;

  @DigestColumn({ nullable: true, unique: true })
  iinIndex!: string | null;

  /** argon2id; null when the subject has no personal-cabinet password. */
  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 2 })
  preferredLanguage!: Language;

  @Column({ type: 'varchar', length: 24, nullable: true, default: null })
  contractState!: ContractState | null;

  @TimeColumn({ nullable: true })
  contractStateAt!: Date | null;

  /** Blocked at the subject's demand (P15.6): no processing, no transfer, until unblocked. */
  @TimeColumn({ nullable: true })
  blockedAt!: Date | null;

  @Column({ type: 'varchar', length: 12 })
  verificationStatus!: VerificationStatus;

  @TimeColumn({ nullable: true })
  verifiedAt!: Date | null;

  /** Set when consent is withdrawn: the subject is depersonalized once the retention term ends. */
  @Index()
  @TimeColumn({ nullable: true })
  depersonalizeAfter!: Date | null;

  /** A tombstone (P17): the data key is destroyed and the indexes removed. */
  @TimeColumn({ nullable: true })
  depersonalizedAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true, default: null })
  depersonalizationReason!: string | null;

  /** Guards read-modify-write of `sealed` against concurrent changes. */
  @Column({ type: 'int' })
  version!: number;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;
}
