import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DigestColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { ErrorCode } from '../errors/error-codes';
import type { Category, Operation, Purpose } from '../pd/vocabulary';
import type { Role } from '../staff/roles';
import type { ActorKind, AuditAction, AuditOutcome } from './audit-actions';

/**
 * One append-only audit entry: who touched what, why, and whether it was allowed.
 * Entries form hash chains (`chainId`, `seq`, `prevHash`, `hash`; see AuditTrail); no
 * code path updates or deletes a row, and AuditVerifier finds any row that was.
 *
 * The primary key is (chainId, seq), the uuid `id` a unique key: InnoDB stores rows in
 * primary-key order, so each chain's entries sit together, appends go to the end of
 * each chain instead of random pages, and verification reads chains sequentially
 * (measured on 1,000,000 entries: 4x faster verification, 2x faster appends than a
 * random uuid primary key; bench/README.md). The key also makes a forked chain, two
 * entries at one place, impossible.
 */
@Entity('audit_entries')
@Index(['actorId', 'at'])
/** Covers the detection rules' counts (P16): an index-only range per account, no row reads. */
@Index(['actorId', 'outcome', 'operation', 'at', 'subjectId'])
@Index(['subjectId', 'at'])
@Index(['targetId', 'at'])
export class AuditEntry {
  @RefColumn({ unique: true })
  id!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  chainId!: string;

  /** 1, 2, 3… within the chain; a gap means deleted entries. */
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @TimeColumn()
  @Index()
  at!: Date;

  @Column({ type: 'varchar', length: 10 })
  actorKind!: ActorKind;

  /** Null only for the system itself. */
  @RefColumn({ nullable: true })
  actorId!: string | null;

  /** The staff member's roles at that moment: the access log names staff by role and id. */
  @JsonColumn()
  actorRoles!: Role[];

  @Column({ type: 'varchar', length: 40 })
  action!: AuditAction;

  /** The data subject whose PD was touched. */
  @RefColumn({ nullable: true })
  subjectId!: string | null;

  /** The record acted on when it is not a data subject: a staff account, a service client. */
  @RefColumn({ nullable: true })
  targetId!: string | null;

  /** Names of the fields a change touched, never their values. */
  @JsonColumn()
  fields!: string[];

  @JsonColumn()
  categories!: Category[];

  @Column({ type: 'varchar', length: 10, nullable: true, default: null })
  operation!: Operation | null;

  @Column({ type: 'varchar', length: 20, nullable: true, default: null })
  purpose!: Purpose | null;

  /** The caller's ticket or reason (`X-Access-Reason`), at most 200 characters. */
  @Column({ type: 'varchar', length: 200, nullable: true, default: null })
  reason!: string | null;

  @Column({ type: 'varchar', length: 10 })
  outcome!: AuditOutcome;

  /** The error code a denial was answered with. */
  @Column({ type: 'varchar', length: 40, nullable: true, default: null })
  code!: ErrorCode | null;

  /** Null for the system's own actions, which have no request. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  ip!: string | null;

  /**
   * A failed sign-in (or enrolment) that matched no account: the keyed hash of the
   * identifier (or token) typed (KeyedHash, domain `audit:sign-in:<kind>` or
   * `audit:enrol:<kind>`), so attempts on one identifier can be told apart without
   * keeping what was typed.
   */
  @DigestColumn({ nullable: true })
  identifierHash!: string | null;

  @DigestColumn()
  prevHash!: string;

  /**
   * The read window, in seconds, that detection (P16) weighs this entry in: given by the
   * trail when it appends (DETECT_READ_WINDOW_SECONDS); null for rows written otherwise.
   * Working data of detection, not part of the record: not hashed.
   */
  @Column({ type: 'int', nullable: true, default: null })
  readWindow!: number | null;

  /**
   * For an entry the read counter counts: the distinct subjects its actor had read within
   * `readWindow` once this one counted, set by the database in the INSERT itself (the
   * counter trigger on MySQL/MariaDB, see the ReadsWeighedWithTheAppend migration), so
   * detection needs no statement of its own. Null where the database leaves it to
   * detection (SQLite). Derived, like `actor_reads`: not hashed.
   */
  @Column({ type: 'int', nullable: true, default: null })
  readsInWindow!: number | null;

  @DigestColumn()
  hash!: string;
}
