import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type AuditOrigin, type NewAuditEntry, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { RoleChange } from './role-change.entity';
import type { ProposeRoleChangeDto, RoleChangeListQuery, RoleChangeView } from './role-changes.dto';
import { Role, rolesConflict } from './roles';
import { StaffMember } from './staff-member.entity';
import { lockMember } from './staff-rows';
import { RoleChangeStatus } from './vocabulary';

const sorted = (roles: readonly Role[]): Role[] => [...new Set(roles)].sort();

/**
 * Role changes under four eyes (DESIGN.md, "Separation of duties"):
 * - ADMIN never together with a PD role (ROLE_CONFLICT), so whoever makes accounts
 *   cannot also admit one to PD;
 * - nobody changes their own roles (SELF_ISSUE_FORBIDDEN; ids compared as stored);
 * - a set that adds COMPLIANCE_OFFICER waits (PENDING) until an existing compliance
 *   officer who is neither the proposer nor the person approves it; anything else
 *   applies at once.
 * A new change of an account supersedes its pending one. The account's row is locked
 * for each change and an approval is a conditional update of PENDING, so raced
 * approvals or changes never apply twice. Every change and refusal is audited.
 */
@Injectable()
export class RoleChanges {
  constructor(
    @InjectRepository(RoleChange) private readonly changes: Repository<RoleChange>,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async propose(
    staffId: string,
    dto: ProposeRoleChangeDto,
    ctx: RequestContext,
  ): Promise<RoleChangeView> {
    const roles = sorted(dto.roles);
    const attempt: Omit<NewAuditEntry, 'outcome'> = {
      ...originOf(ctx),
      action: AuditAction.ROLE_CHANGE,
      targetId: staffId,
      reason: `roles ${roles.join(',') || '-'}`,
    };
    const change = await this.audit.refusals(
      attempt,
      ['ROLE_CONFLICT', 'SELF_ISSUE_FORBIDDEN', 'LAST_ACTIVE_ADMIN'],
      () =>
        this.transactions.run(async (tx) => {
          const member = await lockMember(tx, staffId);
          if (member.id === ctx.principal.id) {
            throw new AppError('SELF_ISSUE_FORBIDDEN', 'Nobody changes their own roles');
          }
          assertNoConflict(roles);
          if (member.roles.includes(Role.ADMIN) && member.active && !roles.includes(Role.ADMIN)) {
            await assertAnotherActiveAdmin(member.id, tx);
          }
          const waits =
            roles.includes(Role.COMPLIANCE_OFFICER) &&
            !member.roles.includes(Role.COMPLIANCE_OFFICER);
          return this.open(member, roles, originOf(ctx), tx, waits);
        }),
    );
    return view(change);
  }

  /**
   * Inside `tx`, with `member` locked or just inserted: supersedes the account's pending
   * change, writes this one, and applies it unless `waits`. Audited as ROLE_CHANGE or
   * ROLE_CHANGE_PROPOSE.
   */
  async open(
    member: StaffMember,
    roles: Role[],
    origin: AuditOrigin,
    tx: Tx,
    waits: boolean,
  ): Promise<RoleChange> {
    const now = this.clock.now();
    await tx.manager.update(
      RoleChange,
      { staffId: member.id, status: RoleChangeStatus.PENDING },
      { status: RoleChangeStatus.SUPERSEDED, decidedAt: now },
    );
    const change: RoleChange = {
      id: randomUUID(),
      staffId: member.id,
      fromRoles: member.roles,
      roles,
      status: waits ? RoleChangeStatus.PENDING : RoleChangeStatus.APPLIED,
      proposedBy: origin.actorId!,
      createdAt: now,
      decidedBy: waits ? null : origin.actorId,
      decidedAt: waits ? null : now,
    };
    await tx.manager.insert(RoleChange, change);
    if (!waits) {
      await tx.manager.update(StaffMember, { id: member.id }, { roles, updatedAt: now });
    }
    await this.audit.record(
      {
        ...origin,
        action: waits ? AuditAction.ROLE_CHANGE_PROPOSE : AuditAction.ROLE_CHANGE,
        outcome: AuditOutcome.ALLOWED,
        targetId: member.id,
        reason: `roles ${roles.join(',') || '-'}`,
      },
      tx,
    );
    return change;
  }

  /** `POST /role-changes/:id/approve` by a compliance officer: ROLE_CHANGE_APPROVE. */
  async approve(id: string, ctx: RequestContext): Promise<RoleChangeView> {
    const found = await this.changes.findOneBy({ id });
    if (!found) throw notFound('Role change');
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.ROLE_CHANGE_APPROVE,
      targetId: found.staffId,
      reason: `role change ${found.id}`,
    };
    const approved = await this.audit.refusals(
      attempt,
      ['SELF_ISSUE_FORBIDDEN', 'INVALID_STATE'],
      () =>
        this.transactions.run(async (tx) => {
          const member = await lockMember(tx, found.staffId);
          if (found.proposedBy === ctx.principal.id || member.id === ctx.principal.id) {
            throw new AppError(
              'SELF_ISSUE_FORBIDDEN',
              'A role change is approved by a compliance officer who neither proposed it nor receives it',
            );
          }
          const now = this.clock.now();
          const decided = await tx.manager.update(
            RoleChange,
            { id: found.id, status: RoleChangeStatus.PENDING },
            { status: RoleChangeStatus.APPLIED, decidedBy: ctx.principal.id, decidedAt: now },
          );
          if (decided.affected !== 1) {
            throw new AppError('INVALID_STATE', 'This role change is no longer pending');
          }
          if (sorted(member.roles).join() !== sorted(found.fromRoles).join()) {
            throw new AppError(
              'INVALID_STATE',
              "The account's roles changed since this was proposed; propose it again",
            );
          }
          assertNoConflict(found.roles);
          await tx.manager.update(
            StaffMember,
            { id: member.id },
            { roles: found.roles, updatedAt: now },
          );
          await this.audit.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
          return {
            ...found,
            status: RoleChangeStatus.APPLIED,
            decidedBy: ctx.principal.id,
            decidedAt: now,
          };
        }),
    );
    return view(approved);
  }

  async list(query: RoleChangeListQuery): Promise<Page<RoleChangeView>> {
    const builder = this.changes.createQueryBuilder('change');
    if (query.status) builder.andWhere('change.status = :status', { status: query.status });
    const page = await paginate(builder, query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }
}

export function assertNoConflict(roles: readonly Role[]): void {
  if (rolesConflict(roles)) {
    throw new AppError(
      'ROLE_CONFLICT',
      'ADMIN is never held together with COMPLIANCE_OFFICER or OPERATOR',
    );
  }
}

export async function assertAnotherActiveAdmin(id: string, tx: Tx): Promise<void> {
  const admins = await tx.manager.find(StaffMember, {
    where: { active: true },
    select: { id: true, roles: true },
  });
  if (!admins.some((admin) => admin.id !== id && admin.roles.includes(Role.ADMIN))) {
    throw new AppError(
      'LAST_ACTIVE_ADMIN',
      'This is the last active administrator; make another one first',
    );
  }
}

function view(change: RoleChange): RoleChangeView {
  return {
    id: change.id,
    status: change.status,
    staffId: change.staffId,
    fromRoles: change.fromRoles,
    roles: change.roles,
    proposedBy: change.proposedBy,
    proposedAt: change.createdAt.toISOString(),
    decidedBy: change.decidedBy,
    decidedAt: change.decidedAt?.toISOString() ?? null,
  };
}
