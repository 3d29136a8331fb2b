import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { RegistryKind } from './vocabulary';

/**
 * One change to the registry (a third party or a country decision): the values before
 * it (null for the first version), which fields it set, who made it and when. Rows are
 * inserted, never updated.
 */
@Entity('third_party_registry_changes')
@Index(['entityId', 'changedAt'])
export class RegistryChange {
  @IdColumn()
  id!: string;

  /** `THIRD_PARTY` or `COUNTRY`. */
  @Column({ type: 'varchar', length: 12 })
  kind!: RegistryKind;

  /** The third party's id, or the country's code. */
  @Column({ type: 'varchar', length: 36 })
  entityId!: string;

  /** The version this change produced (1 for creation). */
  @Column({ type: 'int' })
  version!: number;

  @JsonColumn({ nullable: true })
  previous!: Snapshot | null;

  @JsonColumn()
  fields!: string[];

  @TimeColumn()
  changedAt!: Date;

  @Column({ type: 'varchar', length: 12 })
  actorKind!: string;

  @RefColumn()
  actorId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  requestId!: string | null;
}

/** A record's values as they stood: text, numbers, flags, lists of names. */
export type Snapshot = Record<string, string | number | boolean | null | string[]>;
