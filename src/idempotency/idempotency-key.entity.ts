import { Column, Entity, Index } from 'typeorm';
import { DigestColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { IdempotencyStatus } from './vocabulary';

/**
 * One Idempotency-Key of one caller (issue 14 §3). The key and the request are kept as
 * keyed digests, the answer sealed under the master key: the row holds no PD in clear.
 * The unique index is the claim: of two requests with one key, on any instance or any
 * node of a cluster, one inserts the row and the other finds it.
 */
@Entity('idempotency_keys')
@Index(['principalKind', 'principalId', 'keyHash'], { unique: true })
@Index(['expiresAt'])
export class IdempotencyKey {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  principalKind!: string;

  @RefColumn()
  principalId!: string;

  /** HMAC of the key as sent: its length is bounded and the text is not kept. */
  @DigestColumn()
  keyHash!: string;

  /** HMAC of the method, route, path parameters and canonical body. */
  @DigestColumn()
  fingerprint!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: IdempotencyStatus;

  /** The request holding the key: only it may record the work and the answer. */
  @RefColumn()
  claimToken!: string;

  /** While IN_PROGRESS: after this the holder is presumed dead (unless its work committed). */
  @TimeColumn()
  lockedUntil!: Date;

  /** Set in the transaction of the work itself, so a crash after it cannot lead to a redo. */
  @Column({ type: 'boolean', default: false })
  workCommitted!: boolean;

  @Column({ type: 'int', nullable: true, default: null })
  responseStatus!: number | null;

  /** The answer's JSON sealed (AES-256-GCM) under `masterKeyId`, bound to this row's id. */
  @Column({ type: 'text', nullable: true, default: null })
  responseSealed!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  masterKeyId!: string | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  expiresAt!: Date;
}
