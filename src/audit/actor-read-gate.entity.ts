import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per actor whose reads are counted (P16): the lock the counter trigger takes
 * first, so that appends of one actor's reads on any lane, instance or Galera node take
 * their turn (`counted` changes, so Galera certifies the row) and each counts the reads
 * the others committed. Kept by the database on MySQL/MariaDB; no code writes it.
 */
@Entity('actor_read_gates')
export class ActorReadGate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actorId!: string;

  /** How many reads of this actor were counted through the gate. */
  @Column({ type: 'bigint', default: 0 })
  counted!: string;
}
