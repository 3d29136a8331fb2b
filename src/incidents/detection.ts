import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditOutcome, ActorKind } from '../audit/audit-actions';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { AuditTrail } from '../audit/audit-trail';
import { AppConfig } from '../config/app-config';
import { toDbTime } from '../database/db-time';
import { Operation } from '../pd/vocabulary';
import { IncidentsService } from './incidents.service';
import { IncidentRule, type SuspendableKind } from './vocabulary';

const DENIED_SQL = `SELECT COUNT(*) AS n FROM audit_entries
  WHERE actorId = ? AND at >= ? AND outcome = 'DENIED' AND operation IS NOT NULL`;
const DISTINCT_READS_SQL = `SELECT COUNT(DISTINCT subjectId) AS n FROM audit_entries
  WHERE actorId = ? AND at >= ? AND outcome = 'ALLOWED' AND operation = 'READ' AND subjectId IS NOT NULL`;

/**
 * Detection rules over the trail (P16), evaluated as each entry becomes durable: a staff
 * member or client with DETECT_DENIED_LIMIT denied PD attempts within its window, or
 * ALLOWED reads of more than DETECT_READ_LIMIT distinct subjects within its window, gets
 * an incident and is suspended before the request that tripped the rule is answered
 * (the trail awaits its listeners), so the next request is refused. The counts are read
 * from the trail itself (index actorId, at), so they hold across instances.
 */
@Injectable()
export class Detection implements OnModuleInit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly incidents: IncidentsService,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.trail.onRecorded((entry) => this.evaluate(entry));
  }

  private async evaluate(entry: AuditEntry): Promise<void> {
    if (entry.operation === null || entry.actorId === null) return;
    if (entry.actorKind !== ActorKind.STAFF && entry.actorKind !== ActorKind.CLIENT) return;
    const rules = this.config.detection;
    if (entry.outcome === AuditOutcome.DENIED) {
      const denied = await this.count(DENIED_SQL, entry, rules.deniedWindowSeconds);
      if (denied >= rules.deniedLimit) {
        await this.open(
          entry,
          IncidentRule.DENIED_ATTEMPTS,
          `${denied} denied PD attempts within ${rules.deniedWindowSeconds} s (limit ${rules.deniedLimit})`,
        );
      }
    } else if (entry.operation === Operation.READ && entry.subjectId !== null) {
      const subjects = await this.count(DISTINCT_READS_SQL, entry, rules.readWindowSeconds);
      if (subjects > rules.readLimit) {
        await this.open(
          entry,
          IncidentRule.MASS_READ,
          `reads of ${subjects} distinct subjects within ${rules.readWindowSeconds} s (limit ${rules.readLimit})`,
        );
      }
    }
  }

  private async count(sql: string, entry: AuditEntry, windowSeconds: number): Promise<number> {
    const manager = this.dataSource.manager;
    const since = toDbTime(manager, new Date(entry.at.getTime() - windowSeconds * 1000));
    const rows: Array<{ n: unknown }> = await manager.query(sql, [entry.actorId, since]);
    return Number(rows[0]?.n ?? 0);
  }

  private async open(entry: AuditEntry, rule: IncidentRule, description: string): Promise<void> {
    await this.incidents.open({
      actorKind: entry.actorKind as SuspendableKind,
      actorId: entry.actorId!,
      rule,
      description,
    });
  }
}
