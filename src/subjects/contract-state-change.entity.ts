import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { ContractState } from './vocabulary';

/** Each contract state the Billing reported, kept as history (P7). */
@Entity('contract_state_changes')
@Index(['subjectId', 'effectiveAt'])
export class ContractStateChange {
  @IdColumn()
  id!: string;

  @RefColumn()
  subjectId!: string;

  @Column({ type: 'varchar', length: 24 })
  state!: ContractState;

  /** When the state took effect, as the Billing reports it. */
  @TimeColumn()
  effectiveAt!: Date;

  @TimeColumn()
  recordedAt!: Date;

  /** The service client that reported it. */
  @RefColumn()
  reportedBy!: string;
}
