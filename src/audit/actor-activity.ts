import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toDbTime } from '../database/db-time';

const marks = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
const DENIED_SQL = (actors: number) => `SELECT actorId, COUNT(*) AS n FROM audit_entries
  WHERE actorId IN (${marks(actors)}) AND outcome = 'DENIED' AND operation IS NOT NULL AND at >= ?
  GROUP BY actorId`;
/** From the counter the append itself keeps (ActorRead): one row per subject, not per read. */
const DISTINCT_READS_SQL = (actors: number) => `SELECT actorId, COUNT(*) AS n FROM actor_reads
  WHERE actorId IN (${marks(actors)}) AND lastReadAt >= ?
  GROUP BY actorId`;

/**
 * What the trail says of actors' recent PD activity: the read model the detection rules
 * (P16) weigh, published by the module that owns `audit_entries`. Reads are counted from
 * `actor_reads`, which the database keeps in the statement that appends each entry;
 * refusals (rare) from the trail's index (actorId, outcome, operation, at). Both are in
 * the database, so the counts hold across instances; one statement for all the actors
 * of a commit.
 */
@Injectable()
export class ActorActivity {
  constructor(private readonly dataSource: DataSource) {}

  /** PD attempts refused since `since`, per actor. */
  deniedSince(actorIds: readonly string[], since: Date): Promise<Map<string, number>> {
    return this.count(DENIED_SQL, actorIds, since);
  }

  /** Distinct subjects whose PD was read since `since`, per actor. */
  subjectsReadSince(actorIds: readonly string[], since: Date): Promise<Map<string, number>> {
    return this.count(DISTINCT_READS_SQL, actorIds, since);
  }

  /**
   * Drops read counters older than `before`: a window starting later never counts them,
   * so the table stays the size of the actors' recent reads.
   */
  async forgetReadsBefore(before: Date): Promise<void> {
    const manager = this.dataSource.manager;
    await manager.query('DELETE FROM actor_reads WHERE lastReadAt < ?', [
      toDbTime(manager, before),
    ]);
  }

  private async count(
    sql: (actors: number) => string,
    actorIds: readonly string[],
    since: Date,
  ): Promise<Map<string, number>> {
    if (actorIds.length === 0) return new Map();
    const manager = this.dataSource.manager;
    const rows: Array<{ actorId: string; n: unknown }> = await manager.query(sql(actorIds.length), [
      ...actorIds,
      toDbTime(manager, since),
    ]);
    return new Map(rows.map((row) => [row.actorId, Number(row.n)]));
  }
}
