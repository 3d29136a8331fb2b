import { Column, Entity } from 'typeorm';
import { DigestColumn, IdColumn, TimeColumn } from '../database/columns';

/**
 * One hash chain of the audit trail, owned by the process that created it, which
 * checkpoints its head here every few seconds and at shutdown. A chain whose entries end
 * before `lastSeq` has lost its tail.
 */
@Entity('audit_chains')
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
}
