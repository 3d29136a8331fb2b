import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { RequestStatus } from './vocabulary';

/**
 * One step of a request's workflow: the status it moved to, who moved it, when and why.
 * The note (a rejection's reason, an officer's remark) is written for the subject and may
 * name their data, so it is sealed under the subject's key like the request itself.
 */
@Entity('data_request_steps')
@Index(['requestId', 'at'])
export class DataRequestStep {
  @IdColumn()
  id!: string;

  @RefColumn()
  requestId!: string;

  @RefColumn()
  subjectId!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: RequestStatus;

  @TimeColumn()
  at!: Date;

  @Column({ type: 'varchar', length: 10 })
  actorKind!: string;

  @RefColumn()
  actorId!: string;

  /** Sealed note; null when none was given. */
  @Column({ type: 'text', nullable: true, default: null })
  note!: string | null;
}
