import { Column, Entity, Index } from 'typeorm';
import { DigestColumn, IdColumn, TimeColumn } from '../database/columns';

/**
 * One hash chain of the audit trail and its signed checkpoint: a lane, owned by the
 * instance that opened it, or the lane registry (REGISTRY_CHAIN_ID, see LaneRegistry).
 * The owner re-signs the checkpoint every few seconds (the heartbeat); a lane whose
 * checkpoint has not moved for AUDIT_ORPHAN_SECONDS is sealed by another instance.
 * A chain whose entries end before `lastSeq` has lost its tail; a checkpoint whose
 * `signature` does not verify was edited.
 */
@Entity('audit_chains')
/** The orphan scan: unsealed lanes by the age of their checkpoint. */
@Index(['sealedAt', 'checkpointedAt'])
export class AuditChain {
  @IdColumn()
  id!: string;

  @TimeColumn()
  createdAt!: Date;

  /** The last entry known to have been written, as of `checkpointedAt`. */
  @Column({ type: 'int' })
  lastSeq!: number;

  @DigestColumn()
  lastHash!: string;

  @TimeColumn()
  checkpointedAt!: Date;

  /** Set once, with the lane's last entry (AUDIT_LANE_CLOSE or AUDIT_LANE_SEAL): final at lastSeq. */
  @TimeColumn({ nullable: true })
  sealedAt!: Date | null;

  /** HMAC of the checkpoint (checkpointSignature); null only on rows older than signing. */
  @DigestColumn({ nullable: true })
  signature!: string | null;
}
