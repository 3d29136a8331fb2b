import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { RequestChannel, RequestStatus, RequestType } from './vocabulary';

/**
 * A data subject's request (P15): its type, where it stands, and its legal deadline.
 * What the subject wrote (details, proposed values, document references) may be PD, so
 * it is sealed under the subject's data key in `sealedBody` and dies with that key.
 */
@Entity('data_requests')
@Index(['subjectId', 'filedAt'])
@Index(['status', 'dueAt'])
@Index(['assigneeId', 'status'])
export class DataRequest {
  @IdColumn()
  id!: string;

  @RefColumn()
  subjectId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: RequestType;

  @Column({ type: 'varchar', length: 12 })
  status!: RequestStatus;

  @Column({ type: 'varchar', length: 12 })
  channel!: RequestChannel;

  /** `subject` or `staff` (a compliance officer filing on the subject's behalf). */
  @Column({ type: 'varchar', length: 10 })
  filedByKind!: string;

  @RefColumn()
  filedById!: string;

  /** JSON `{details, proposed, documents}` sealed under the subject's key. */
  @Column({ type: 'text' })
  sealedBody!: string;

  @RefColumn({ nullable: true })
  assigneeId!: string | null;

  @TimeColumn()
  filedAt!: Date;

  /** End of the last working day allowed (Asia/Almaty), from the working-day calendar. */
  @TimeColumn()
  dueAt!: Date;

  /** When it reached COMPLETED or REJECTED. */
  @TimeColumn({ nullable: true })
  closedAt!: Date | null;

  /** Guards transitions: each one is a conditional update on the version it read. */
  @Column({ type: 'int' })
  version!: number;

  @TimeColumn()
  updatedAt!: Date;
}
