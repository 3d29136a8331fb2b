import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type AuditOrigin, originOf, SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { WorkingDays } from '../calendar/working-days';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { StaffService } from '../staff/staff.service';
import { Incident } from './incident.entity';
import type {
  IncidentListQuery,
  IncidentView,
  LiftIncidentDto,
  OpenIncidentDto,
} from './incidents.dto';
import { IncidentRule, IncidentStatus, SuspendableKind } from './vocabulary';

export interface Suspicion {
  actorKind: SuspendableKind;
  actorId: string;
  rule: IncidentRule;
  description: string;
}

/**
 * Incidents (P16): opening one suspends the account in the same transaction, so its next
 * request is refused with ACCOUNT_SUSPENDED on any instance; only a compliance officer
 * other than the suspended person lifts it, and who did is kept.
 */
/** Rolls back an opening that found the account's incident already open. */
const ALREADY_OPEN = new Error('incident already open');

@Injectable()
export class IncidentsService {
  constructor(
    @InjectRepository(Incident) private readonly incidents: Repository<Incident>,
    private readonly staff: StaffService,
    private readonly clients: ClientsService,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
    private readonly workingDays: WorkingDays,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens an incident unless one is already open for the account; null when it was.
   * Raced openings for one account (reads that cross a limit together, on any instance)
   * open one: the suspension's UPDATE locks the account's row first, and the open
   * incident is looked for only then, under that lock, with a locking read that sees what
   * the other has committed. The one that finds it rolls back, its suspension with it.
   */
  async open(suspicion: Suspicion, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<Incident | null> {
    const now = this.clock.now();
    const incident: Incident = {
      id: randomUUID(),
      ...suspicion,
      openedAt: now,
      openedBy: origin.actorId,
      breachNoticeDueAt: this.workingDays.addWorkingDays(now, 1),
      liftedAt: null,
      liftedBy: null,
      liftReason: null,
    };
    try {
      await this.transactions.run(async (tx) => {
        await this.setSuspended(incident, true, tx);
        if (await this.openFor(incident.actorId, tx)) throw ALREADY_OPEN;
        await tx.manager.insert(Incident, incident);
        await this.trail.record(
          {
            ...origin,
            action: AuditAction.INCIDENT_OPEN,
            targetId: incident.actorId,
            outcome: AuditOutcome.ALLOWED,
            reason: incident.rule,
          },
          tx,
        );
      });
    } catch (error) {
      if (error === ALREADY_OPEN) return null;
      throw error;
    }
    return incident;
  }

  /** Whether an incident about the account is open, read under the caller's lock. */
  private async openFor(actorId: string, tx: Tx): Promise<boolean> {
    const sqlite = tx.manager.connection.options.type === 'better-sqlite3';
    const rows: unknown[] = await tx.manager.query(
      `SELECT id FROM incidents WHERE actorId = ? AND liftedAt IS NULL${sqlite ? '' : ' FOR UPDATE'}`,
      [actorId],
    );
    return rows.length > 0;
  }

  async openManually(dto: OpenIncidentDto, ctx: RequestContext): Promise<IncidentView> {
    if (dto.actorId === ctx.principal.id) {
      throw new AppError(
        'SELF_ISSUE_FORBIDDEN',
        'An incident about yourself is opened by another officer',
      );
    }
    await (dto.actorKind === SuspendableKind.STAFF
      ? this.staff.get(dto.actorId)
      : this.clients.get(dto.actorId));
    const opened = await this.open({ ...dto, rule: IncidentRule.MANUAL }, originOf(ctx));
    if (!opened)
      throw new AppError('ALREADY_EXISTS', 'An incident about this account is already open');
    return view(opened);
  }

  async lift(id: string, dto: LiftIncidentDto, ctx: RequestContext): Promise<IncidentView> {
    const incident = await this.incidents.findOneBy({ id });
    if (!incident) throw notFound('Incident');
    if (incident.actorId === ctx.principal.id) {
      throw new AppError(
        'SELF_ISSUE_FORBIDDEN',
        'Another compliance officer lifts a suspension of yours',
      );
    }
    if (incident.liftedAt) return view(incident);
    const lifted: Incident = {
      ...incident,
      liftedAt: this.clock.now(),
      liftedBy: ctx.principal.id,
      liftReason: dto.reason,
    };
    await this.transactions.run(async (tx) => {
      const updated = await tx.manager.update(
        Incident,
        { id, liftedAt: IsNull() },
        { liftedAt: lifted.liftedAt, liftedBy: lifted.liftedBy, liftReason: lifted.liftReason },
      );
      if (updated.affected !== 1)
        throw new AppError('CONCURRENT_CHANGE', 'The incident was lifted meanwhile');
      await this.setSuspended(incident, false, tx);
      await this.trail.record(
        {
          ...originOf(ctx),
          action: AuditAction.INCIDENT_LIFT,
          targetId: incident.actorId,
          outcome: AuditOutcome.ALLOWED,
          reason: dto.reason,
        },
        tx,
      );
    });
    return view(lifted);
  }

  async list(query: IncidentListQuery): Promise<Page<IncidentView>> {
    const builder = this.incidents.createQueryBuilder('i');
    if (query.status === IncidentStatus.OPEN) builder.andWhere('i.liftedAt IS NULL');
    if (query.status === IncidentStatus.LIFTED) builder.andWhere('i.liftedAt IS NOT NULL');
    if (query.actorId) builder.andWhere('i.actorId = :actorId', { actorId: query.actorId });
    const page = await paginate(builder, query, 'openedAt');
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  private setSuspended(incident: Incident, suspended: boolean, tx: Tx): Promise<void> {
    const accounts = incident.actorKind === SuspendableKind.STAFF ? this.staff : this.clients;
    return suspended ? accounts.suspend(incident.actorId, tx) : accounts.lift(incident.actorId, tx);
  }
}

function view(incident: Incident): IncidentView {
  return {
    id: incident.id,
    actorKind: incident.actorKind,
    actorId: incident.actorId,
    rule: incident.rule,
    description: incident.description,
    status: incident.liftedAt ? IncidentStatus.LIFTED : IncidentStatus.OPEN,
    openedAt: incident.openedAt.toISOString(),
    openedBy: incident.openedBy,
    breachNoticeDueAt: incident.breachNoticeDueAt.toISOString(),
    liftedAt: incident.liftedAt?.toISOString() ?? null,
    liftedBy: incident.liftedBy,
    liftReason: incident.liftReason,
  };
}
