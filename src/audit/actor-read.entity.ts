import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../database/columns';

/**
 * The detection counter of PD reads (P16): one row per actor and subject, with the last
 * time the actor was let read that subject's PD (a staff member's export or printed report
 * counts as a read: the StaffExportsCounted migration). The actor's distinct subjects read within
 * a window are its rows since the window's start: an index range of at most the subjects
 * it read, however often it read each, where counting the trail grows with every read.
 *
 * Kept by the database itself: a trigger on `audit_entries` (see the ActorReads
 * migration) upserts the row in the same statement as the entry's INSERT, so the counter
 * and the trail can never disagree, whichever instance, command or restore wrote the entry.
 * Derived from the trail; no code writes it.
 */
@Entity('actor_reads')
@Index(['actorId', 'lastReadAt'])
export class ActorRead {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actorId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  subjectId!: string;

  @TimeColumn()
  lastReadAt!: Date;
}
