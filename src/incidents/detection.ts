import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditOutcome, ActorKind } from '../audit/audit-actions';
import { ActorActivity } from '../audit/actor-activity';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { AuditTrail } from '../audit/audit-trail';
import { AppConfig } from '../config/app-config';
import { Operation } from '../pd/vocabulary';
import { IncidentsService } from './incidents.service';
import { IncidentRule, type SuspendableKind } from './vocabulary';

/**
 * Detection rules over the trail (P16), evaluated as each entry becomes durable: a staff
 * member or client with DETECT_DENIED_LIMIT denied PD attempts within its window, or
 * ALLOWED reads of more than DETECT_READ_LIMIT distinct subjects within its window, gets
 * an incident and is suspended before the request that tripped the rule is answered
 * (the trail awaits its listeners), so the next request is refused. The counts come from
 * the trail (ActorActivity), so they hold across instances.
 */
@Injectable()
export class Detection implements OnModuleInit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly incidents: IncidentsService,
    private readonly activity: ActorActivity,
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
      const denied = await this.activity.deniedSince(
        entry.actorId,
        since(entry, rules.deniedWindowSeconds),
      );
      if (denied >= rules.deniedLimit) {
        await this.open(
          entry,
          IncidentRule.DENIED_ATTEMPTS,
          `${denied} denied PD attempts within ${rules.deniedWindowSeconds} s (limit ${rules.deniedLimit})`,
        );
      }
    } else if (entry.operation === Operation.READ && entry.subjectId !== null) {
      const subjects = await this.activity.subjectsReadSince(
        entry.actorId,
        since(entry, rules.readWindowSeconds),
      );
      if (subjects > rules.readLimit) {
        await this.open(
          entry,
          IncidentRule.MASS_READ,
          `reads of ${subjects} distinct subjects within ${rules.readWindowSeconds} s (limit ${rules.readLimit})`,
        );
      }
    }
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

const since = (entry: AuditEntry, windowSeconds: number): Date =>
  new Date(entry.at.getTime() - windowSeconds * 1000);
