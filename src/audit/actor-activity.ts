import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toDbTime } from '../database/db-time';

const DENIED_SQL = `SELECT COUNT(*) AS n FROM audit_entries
  WHERE actorId = ? AND outcome = 'DENIED' AND operation IS NOT NULL AND at >= ?`;
const DISTINCT_READS_SQL = `SELECT COUNT(DISTINCT subjectId) AS n FROM audit_entries
  WHERE actorId = ? AND outcome = 'ALLOWED' AND operation = 'READ' AND at >= ? AND subjectId IS NOT NULL`;

/**
 * What the trail says of one actor's recent PD activity: the read model the detection
 * rules (P16) weigh, published by the module that owns `audit_entries`. Counted from the
 * trail itself (index actorId, at), so the counts hold across instances.
 */
@Injectable()
export class ActorActivity {
  constructor(private readonly dataSource: DataSource) {}

  /** PD attempts refused since `since`. */
  deniedSince(actorId: string, since: Date): Promise<number> {
    return this.count(DENIED_SQL, actorId, since);
  }

  /** Distinct subjects whose PD was read since `since`. */
  subjectsReadSince(actorId: string, since: Date): Promise<number> {
    return this.count(DISTINCT_READS_SQL, actorId, since);
  }

  private async count(sql: string, actorId: string, since: Date): Promise<number> {
    const manager = this.dataSource.manager;
    const rows: Array<{ n: unknown }> = await manager.query(sql, [
      actorId,
      toDbTime(manager, since),
    ]);
    return Number(rows[0]?.n ?? 0);
  }
}
