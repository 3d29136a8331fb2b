import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toDbTime } from '../database/db-time';

const marks = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
const DENIED_SQL = (actors: number) => `SELECT actorId, COUNT(*) AS n FROM audit_entries
  WHERE actorId IN (${marks(actors)}) AND outcome = 'DENIED' AND operation IS NOT NULL AND at >= ?
  GROUP BY actorId`;
const DISTINCT_READS_SQL = (actors: number) => `SELECT actorId, COUNT(DISTINCT subjectId) AS n
  FROM audit_entries
  WHERE actorId IN (${marks(actors)}) AND outcome = 'ALLOWED' AND operation = 'READ' AND at >= ?
    AND subjectId IS NOT NULL
  GROUP BY actorId`;

/**
 * What the trail says of actors' recent PD activity: the read model the detection rules
 * (P16) weigh, published by the module that owns `audit_entries`. Counted from the trail
 * itself (index actorId, at), so the counts hold across instances; one statement for all
 * the actors of a commit.
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
