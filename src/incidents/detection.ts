import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AuditOutcome, ActorKind } from '../audit/audit-actions';
import { ActorActivity } from '../audit/actor-activity';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { AuditTrail } from '../audit/audit-trail';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobLocks } from '../database/job-locks';
import { Operation } from '../pd/vocabulary';
import { IncidentsService } from './incidents.service';
import { IncidentRule, type SuspendableKind } from './vocabulary';

const HOUR = 3_600_000;

/**
 * Detection rules over the trail (P16), evaluated as each entry becomes durable: a staff
 * member or client with DETECT_DENIED_LIMIT denied PD attempts within its window, or
 * ALLOWED reads of more than DETECT_READ_LIMIT distinct subjects within its window (a
 * staff member's exports and printed reports count as reads), gets
 * an incident and is suspended before the request that tripped the rule is answered
 * (the trail awaits its listeners), so the next request is refused. The counts come from
 * the database (ActorActivity: reads from the counter the append keeps, refusals from the
 * trail), so they hold across instances. On MySQL/MariaDB the read count comes back
 * from the INSERT that appended the entry (`readsInWindow`, weighed by the counter
 * trigger under the actor's gate), so a guarded read sends no statement for detection.
 */
@Injectable()
export class Detection implements OnModuleInit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly incidents: IncidentsService,
    private readonly activity: ActorActivity,
    private readonly config: AppConfig,
    private readonly locks: JobLocks,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.trail.onRecorded((entries) => this.evaluate(entries));
  }

  /** Read counters older than the read window weigh nothing: dropped hourly, by one instance. */
  @Interval(HOUR)
  async forgetOldReads(): Promise<void> {
    await this.locks.runExclusive('detection.purge', HOUR / 2, async () => {
      const window = this.config.detection.readWindowSeconds * 1000;
      await this.activity.forgetReadsBefore(new Date(this.clock.now().getTime() - window));
    });
  }

  /** The entries of one commit: one count per rule for all their actors. */
  private async evaluate(entries: AuditEntry[]): Promise<void> {
    const touches = entries.filter(
      (entry) =>
        entry.operation !== null &&
        entry.actorId !== null &&
        (entry.actorKind === ActorKind.STAFF || entry.actorKind === ActorKind.CLIENT),
    );
    if (touches.length === 0) return;
    const rules = this.config.detection;
    const denied = touches.filter((entry) => entry.outcome === AuditOutcome.DENIED);
    const reads = touches.filter(
      (entry) => entry.outcome !== AuditOutcome.DENIED && countsAsRead(entry),
    );
    // Reads the database weighed in their INSERT (MySQL/MariaDB) need no count; the
    // others (SQLite) are counted here, once per commit.
    const unweighed = reads.filter((entry) => entry.readsInWindow == null);
    const [deniedCounts, counted] = await Promise.all([
      this.activity.deniedSince(actorsOf(denied), since(denied, rules.deniedWindowSeconds)),
      this.activity.subjectsReadSince(
        actorsOf(unweighed),
        since(unweighed, rules.readWindowSeconds),
      ),
    ]);
    const readCounts = weighedCounts(reads, counted);
    for (const entry of onePerActor(denied)) {
      const count = deniedCounts.get(entry.actorId!) ?? 0;
      if (count >= rules.deniedLimit) {
        await this.open(
          entry,
          IncidentRule.DENIED_ATTEMPTS,
          `${count} denied PD attempts within ${rules.deniedWindowSeconds} s (limit ${rules.deniedLimit})`,
        );
      }
    }
    for (const entry of onePerActor(reads)) {
      const count = readCounts.get(entry.actorId!) ?? 0;
      if (count > rules.readLimit) {
        await this.open(
          entry,
          IncidentRule.MASS_READ,
          `reads of ${count} distinct subjects within ${rules.readWindowSeconds} s (limit ${rules.readLimit})`,
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

/**
 * What the mass-read rule weighs, as the counter trigger does (the StaffExportsCounted
 * migration): a read, or a staff member's export or printed report, which disclose PD as a
 * read does. A client's EXPORT entries are its recorded transfers, the Billing's normal
 * business, bounded by its grants and the transfer rules.
 */
const countsAsRead = (entry: AuditEntry): boolean =>
  entry.subjectId !== null &&
  (entry.operation === Operation.READ ||
    (entry.operation === Operation.EXPORT && entry.actorKind === ActorKind.STAFF));

/** Per actor, the highest count of the commit: what the database returned, or what was counted. */
function weighedCounts(reads: AuditEntry[], counted: Map<string, number>): Map<string, number> {
  const counts = new Map(counted);
  for (const entry of reads) {
    if (entry.readsInWindow == null) continue;
    counts.set(entry.actorId!, Math.max(counts.get(entry.actorId!) ?? 0, entry.readsInWindow));
  }
  return counts;
}

const actorsOf = (entries: AuditEntry[]): string[] => [
  ...new Set(entries.map((entry) => entry.actorId!)),
];

const onePerActor = (entries: AuditEntry[]): AuditEntry[] => [
  ...new Map(entries.map((entry) => [entry.actorId!, entry] as const)).values(),
];

/** The window back from the earliest entry of the commit (entries of one commit share a time). */
const since = (entries: AuditEntry[], windowSeconds: number): Date =>
  new Date(
    entries.reduce((earliest, entry) => Math.min(earliest, entry.at.getTime()), Infinity) -
      windowSeconds * 1000,
  );
