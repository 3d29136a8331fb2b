import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type AuditOrigin, fieldsSet, originOf, SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { Passwords } from '../auth/passwords';
import {
  type AccountRow,
  accountColumns,
  accountState,
  type AccountTable,
  activeAccount,
} from '../auth/account-table';
import type { AccountState } from '../auth/principal';
import type { RequestContext } from '../auth/request-context';
import { Sessions } from '../auth/sessions';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { isDuplicateKey } from '../database/db-errors';
import { type Tx, Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { EnrolmentTokens } from './enrolment-tokens';
import { assertAnotherActiveAdmin, assertNoConflict, RoleChanges } from './role-changes';
import { PD_ROLES, Role } from './roles';
import { StaffCredentials } from './staff-credentials';
import { StaffMember } from './staff-member.entity';
import { findMember, lockMember, staffView } from './staff-rows';
import type {
  CreatedStaffView,
  CreateStaffDto,
  StaffListQuery,
  StaffView,
  UpdateStaffDto,
} from './staff.dto';
import { RoleChangeStatus } from './vocabulary';

/** A staff account as every request re-reads it (src/auth/account-table.ts). */
export const STAFF_ACCOUNT: AccountTable = { table: 'staff_members', list: 'roles' };
const ACCOUNT_STATE_SQL = `SELECT ${accountColumns(STAFF_ACCOUNT, 'm')} FROM staff_members m WHERE m.id = ? AND ${activeAccount('m')}`;

type NewMember = Pick<StaffMember, 'email' | 'fullName' | 'roles' | 'passwordHash'>;

@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>,
    private readonly transactions: Transactions,
    private readonly passwords: Passwords,
    private readonly credentials: StaffCredentials,
    private readonly enrolments: EnrolmentTokens,
    private readonly roleChanges: RoleChanges,
    private readonly sessions: Sessions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * A new account with no password: its owner gets an enrolment token by email. Asked
   * for COMPLIANCE_OFFICER, the account starts with the other roles and the officer role
   * waits for another officer's approval (pendingRoleChange). STAFF_CREATE (and
   * ROLE_CHANGE_PROPOSE) in the same transaction; ROLE_CONFLICT is a DENIED entry.
   */
  async create(dto: CreateStaffDto, ctx: RequestContext): Promise<CreatedStaffView> {
    const origin = originOf(ctx);
    return this.audit.refusals(
      { ...origin, action: AuditAction.STAFF_CREATE },
      ['ROLE_CONFLICT'],
      async () => {
        assertNoConflict(dto.roles);
        const officer = dto.roles.includes(Role.COMPLIANCE_OFFICER);
        const member = this.newMember({
          email: dto.email,
          fullName: dto.fullName,
          roles: dto.roles.filter((role) => role !== Role.COMPLIANCE_OFFICER),
          passwordHash: null,
        });
        const pending = await this.insert(member, origin, async (tx) => {
          await this.enrolments.issue(member.id, origin.actorId, tx);
          if (!officer) return null;
          return this.roleChanges.open(member, [...dto.roles].sort(), origin, tx, true);
        });
        return {
          ...staffView(member),
          ...(pending
            ? { pendingRoleChange: { id: pending.id, status: RoleChangeStatus.PENDING } }
            : {}),
        };
      },
    );
  }

  async list(query: StaffListQuery): Promise<Page<StaffView>> {
    const builder = this.staff.createQueryBuilder('staff');
    if (query.active !== undefined)
      builder.andWhere('staff.active = :active', { active: query.active });
    if (query.role) builder.andWhere('staff.roles LIKE :role', { role: `%"${query.role}"%` });
    const page = await paginate(builder, query);
    return { items: page.items.map(staffView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<StaffView> {
    return staffView(await findMember(this.staff.manager, id));
  }

  /**
   * Whether the account is active, not suspended, and holds the role (e.g. a request's
   * assignee); a paused account holds no PD role until it is confirmed.
   */
  async hasRole(id: string, role: Role): Promise<boolean> {
    const state = await this.accountState(id);
    if (!state || state.suspended || (state.paused && PD_ROLES.includes(role))) return false;
    return (state.roles ?? []).includes(role);
  }

  /**
   * Name, email, activation: one STAFF_UPDATE entry in the same transaction. Someone
   * else's new email is a credential reset too (StaffCredentials.reissue): the token goes
   * to the new address and the account is paused until a compliance officer confirms.
   * Refusing to deactivate the last active administrator is audited as DENIED.
   */
  async update(id: string, dto: UpdateStaffDto, ctx: RequestContext): Promise<StaffView> {
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.STAFF_UPDATE,
      targetId: id,
      fields: fieldsSet(dto),
    };
    const updated = await this.audit.refusals(
      attempt,
      ['LAST_ACTIVE_ADMIN', 'ALREADY_EXISTS'],
      () =>
        this.transactions.run(async (tx) => {
          const member = await lockMember(tx, id);
          const active = dto.active ?? member.active;
          if (member.roles.includes(Role.ADMIN) && member.active && !active) {
            await assertAnotherActiveAdmin(member.id, tx);
          }
          let changes: Partial<StaffMember> = {
            fullName: dto.fullName ?? member.fullName,
            email: dto.email ?? member.email,
            active,
            updatedAt: this.clock.now(),
          };
          await this.write(() => tx.manager.update(StaffMember, { id: member.id }, changes));
          const newEmail = dto.email !== undefined && dto.email !== member.email;
          if (newEmail && member.id !== ctx.principal.id) {
            const reset = await this.credentials.reissue(member, ctx, tx);
            await tx.manager.update(StaffMember, { id: member.id }, reset);
            changes = { ...changes, ...reset };
          } else if (member.active && !active) {
            await this.sessions.revokeAll('staff', member.id, tx);
          }
          await this.audit.record(
            { ...attempt, targetId: member.id, outcome: AuditOutcome.ALLOWED },
            tx,
          );
          return { ...member, ...changes };
        }),
    );
    return staffView(updated);
  }

  /** Incident response (P16): refuse the account from its next request on. */
  async suspend(id: string, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(
        StaffMember,
        { id },
        { suspendedAt: this.clock.now(), updatedAt: this.clock.now() },
      ),
    );
  }

  async lift(id: string, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(StaffMember, { id }, { suspendedAt: null, updatedAt: this.clock.now() }),
    );
  }

  /**
   * The first administrator, made from the environment only while no staff exists: the
   * server's operator holds the keys anyway, so this password is theirs to choose.
   */
  async bootstrapAdmin(email: string, password: string): Promise<boolean> {
    if ((await this.staff.count()) > 0) return false;
    this.passwords.assertStrong(password, [email]);
    const member = this.newMember({
      email: email.trim().toLowerCase(),
      fullName: 'Administrator',
      roles: [Role.ADMIN],
      passwordHash: await this.passwords.hash(password),
    });
    try {
      await this.insert(member, SYSTEM_ORIGIN, () => Promise.resolve(null));
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'ALREADY_EXISTS') return false;
      throw error;
    }
  }

  newMember(fields: NewMember): StaffMember {
    const now = this.clock.now();
    return {
      id: randomUUID(),
      ...fields,
      active: true,
      suspendedAt: null,
      pausedAt: null,
      pausedBy: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * Inserts the member, runs `then` and records STAFF_CREATE, all in one transaction;
   * a taken email is ALREADY_EXISTS. `tx` joins a transaction the caller holds.
   */
  async insert<T>(
    member: StaffMember,
    origin: AuditOrigin,
    then: (tx: Tx) => Promise<T>,
    tx?: Tx,
  ): Promise<T> {
    return this.transactions.within(tx, async (inner) => {
      await this.write(() => inner.manager.insert(StaffMember, member));
      const result = await then(inner);
      await this.audit.record(
        {
          ...origin,
          action: AuditAction.STAFF_CREATE,
          outcome: AuditOutcome.ALLOWED,
          targetId: member.id,
        },
        inner,
      );
      return result;
    });
  }

  /** A write that a taken email refuses, told as ALREADY_EXISTS. */
  private async write(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isDuplicateKey(error))
        throw new AppError('ALREADY_EXISTS', 'A staff member with this email already exists', {
          field: 'email',
        });
      throw error;
    }
  }

  /** Asked on every staff request, so its SQL is written once, not built per call. */
  private async accountState(id: string): Promise<AccountState | null> {
    const rows: AccountRow[] = await this.staff.query(ACCOUNT_STATE_SQL, [id]);
    return rows[0] ? accountState(STAFF_ACCOUNT, rows[0]) : null;
  }
}
