import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { IncidentRule, SuspendableKind } from './vocabulary';

/** A suspected PD security breach (P16): the account is suspended until an officer lifts it. */
@Entity('incidents')
@Index(['actorId', 'liftedAt'])
@Index(['openedAt'])
export class Incident {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  actorKind!: SuspendableKind;

  @RefColumn()
  actorId!: string;

  @Column({ type: 'varchar', length: 32 })
  rule!: IncidentRule;

  /** What was seen, without PD: counts, window, the rule's limit. */
  @Column({ type: 'text' })
  description!: string;

  @TimeColumn()
  openedAt!: Date;

  /** Null when detection opened it. */
  @RefColumn({ nullable: true })
  openedBy!: string | null;

  /** The authorised body is told of a breach within one working day of detection. */
  @TimeColumn()
  breachNoticeDueAt!: Date;

  @TimeColumn({ nullable: true })
  liftedAt!: Date | null;

  @RefColumn({ nullable: true })
  liftedBy!: string | null;

  @Column({ type: 'text', nullable: true, default: null })
  liftReason!: string | null;
}
