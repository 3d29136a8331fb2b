import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { type AuditOrigin, fieldsSet, originOf, SYSTEM_ORIGIN } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { PasswordLogin } from '../auth/password-login';
import { Passwords } from '../auth/passwords';
import type { AccountState } from '../auth/principal';
import { Principals } from '../auth/principals';
import type { PublicRequestContext, RequestContext } from '../auth/request-context';
import { Sessions } from '../auth/sessions';
import { type IssuedToken, Tokens } from '../auth/tokens';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { isDuplicateKey } from '../database/db-errors';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { Role } from './roles';
import { StaffMember } from './staff-member.entity';
import type {
  ChangeOwnPasswordDto,
  CreateStaffDto,
  StaffListQuery,
  StaffLoginDto,
  StaffView,
  UpdateStaffDto,
} from './staff.dto';

const ACCOUNT_STATE_SQL =
  'SELECT roles, suspendedAt FROM staff_members WHERE id = ? AND active = 1';

@Injectable()
export class StaffService implements OnModuleInit {
  constructor(
    @InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>,
    private readonly transactions: Transactions,
    private readonly passwords: Passwords,
    private readonly passwordLogin: PasswordLogin,
    private readonly tokens: Tokens,
    private readonly sessions: Sessions,
    private readonly principals: Principals,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.principals.register('staff', (id) => this.accountState(id));
  }

  async login(dto: StaffLoginDto, ctx: PublicRequestContext): Promise<IssuedToken> {
    const { account, rehash } = await this.passwordLogin.verify(
      {
        kind: 'staff',
        identifier: dto.email,
        ip: ctx.ip,
        requestId: ctx.requestId,
        secret: dto.password,
      },
      async () => {
        const member = await this.staff.findOneBy({ email: dto.email });
        return (
          member && {
            id: member.id,
            account: member,
            passwordHash: member.passwordHash,
            usable: member.active,
            refusal: member.suspendedAt
              ? new AppError(
                  'ACCOUNT_SUSPENDED',
                  'This account is suspended pending review of an incident',
                )
              : null,
          }
        );
      },
    );
    if (rehash) await this.setPassword(account.id, dto.password);
    return this.tokens.issue('staff', account.id, ctx, account.roles);
  }

  /** A new staff account, audited as STAFF_CREATE in the same transaction. */
  async create(dto: CreateStaffDto, ctx: RequestContext): Promise<StaffView> {
    return this.insert(dto, originOf(ctx));
  }

  async list(query: StaffListQuery): Promise<Page<StaffView>> {
    const builder = this.staff.createQueryBuilder('staff');
    if (query.active !== undefined)
      builder.andWhere('staff.active = :active', { active: query.active });
    if (query.role) builder.andWhere('staff.roles LIKE :role', { role: `%"${query.role}"%` });
    const page = await paginate(builder, query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<StaffView> {
    return view(await this.find(id));
  }

  /** Whether the account is active, not suspended, and holds the role (e.g. a request's assignee). */
  async hasRole(id: string, role: Role): Promise<boolean> {
    const state = await this.accountState(id);
    return !!state && !state.suspended && (state.roles ?? []).includes(role);
  }

  /**
   * Names, roles, activation, password reset: one STAFF_UPDATE entry in the same
   * transaction. Refusing to remove the last active administrator is audited as DENIED.
   */
  async update(id: string, dto: UpdateStaffDto, ctx: RequestContext): Promise<StaffView> {
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.STAFF_UPDATE,
      targetId: id,
      fields: fieldsSet(dto),
    };
    const updated = await this.audit.refusals(attempt, ['LAST_ACTIVE_ADMIN'], () =>
      this.transactions.run(async (tx) => {
        const member = await this.find(id, tx);
        const roles = dto.roles ?? member.roles;
        const active = dto.active ?? member.active;
        if (
          member.roles.includes(Role.ADMIN) &&
          member.active &&
          (!roles.includes(Role.ADMIN) || !active)
        ) {
          await this.assertAnotherActiveAdmin(id, tx);
        }
        if (dto.password !== undefined)
          this.passwords.assertStrong(dto.password, [member.email, member.fullName]);
        const changes: Partial<StaffMember> = {
          fullName: dto.fullName ?? member.fullName,
          roles,
          active,
          updatedAt: this.clock.now(),
        };
        if (dto.password !== undefined)
          changes.passwordHash = await this.passwords.hash(dto.password);
        await tx.manager.update(StaffMember, { id }, changes);
        const endsSessions = (member.active && !active) || dto.password !== undefined;
        if (endsSessions) await this.sessions.revokeAll('staff', id, tx);
        await this.audit.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
        return { ...member, ...changes };
      }),
    );
    return view(updated);
  }

  /** Audited as STAFF_PASSWORD_CHANGE; a wrong current password is audited as DENIED. */
  async changeOwnPassword(dto: ChangeOwnPasswordDto, ctx: RequestContext): Promise<void> {
    const attempt = {
      ...originOf(ctx),
      action: AuditAction.STAFF_PASSWORD_CHANGE,
      targetId: ctx.principal.id,
      fields: ['password'],
    };
    await this.audit.refusals(attempt, ['UNAUTHENTICATED'], async () => {
      const member = await this.find(ctx.principal.id);
      if (!(await this.passwords.verify(member.passwordHash, dto.currentPassword))) {
        throw new AppError('UNAUTHENTICATED', 'The current password is not correct');
      }
      this.passwords.assertStrong(dto.newPassword, [member.email, member.fullName], 'newPassword');
      const passwordHash = await this.passwords.hash(dto.newPassword);
      await this.transactions.run(async (tx) => {
        await tx.manager.update(
          StaffMember,
          { id: member.id },
          { passwordHash, updatedAt: this.clock.now() },
        );
        await this.audit.record({ ...attempt, outcome: AuditOutcome.ALLOWED }, tx);
      });
    });
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

  /** The first administrator, made from the environment only while no staff exists. */
  async bootstrapAdmin(email: string, password: string): Promise<boolean> {
    if ((await this.staff.count()) > 0) return false;
    try {
      await this.insert(
        {
          email: email.trim().toLowerCase(),
          fullName: 'Administrator',
          roles: [Role.ADMIN],
          password,
        },
        SYSTEM_ORIGIN,
      );
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'ALREADY_EXISTS') return false;
      throw error;
    }
  }

  private async insert(dto: CreateStaffDto, origin: AuditOrigin): Promise<StaffView> {
    this.passwords.assertStrong(dto.password, [dto.email, dto.fullName]);
    const now = this.clock.now();
    const member: StaffMember = {
      id: randomUUID(),
      email: dto.email,
      fullName: dto.fullName,
      roles: dto.roles,
      passwordHash: await this.passwords.hash(dto.password),
      active: true,
      suspendedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.transactions.run(async (tx) => {
        await tx.manager.insert(StaffMember, member);
        await this.audit.record(
          {
            ...origin,
            action: AuditAction.STAFF_CREATE,
            outcome: AuditOutcome.ALLOWED,
            targetId: member.id,
          },
          tx,
        );
      });
    } catch (error) {
      if (isDuplicateKey(error))
        throw new AppError('ALREADY_EXISTS', 'A staff member with this email already exists', {
          field: 'email',
        });
      throw error;
    }
    return view(member);
  }

  private async setPassword(id: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.transactions.write((db) =>
      db.update(StaffMember, { id }, { passwordHash, updatedAt: this.clock.now() }),
    );
  }

  /** Asked on every staff request, so its SQL is written once, not built per call. */
  private async accountState(id: string): Promise<AccountState | null> {
    const rows: Array<{ roles: string; suspendedAt: unknown }> = await this.staff.query(
      ACCOUNT_STATE_SQL,
      [id],
    );
    const member = rows[0];
    if (!member) return null;
    return { suspended: member.suspendedAt !== null, roles: JSON.parse(member.roles) as Role[] };
  }

  private async assertAnotherActiveAdmin(id: string, tx: Tx): Promise<void> {
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

  private async find(id: string, tx?: Tx): Promise<StaffMember> {
    const repository = tx ? tx.manager.getRepository(StaffMember) : this.staff;
    const member = await repository.findOneBy({ id });
    if (!member) throw notFound('Staff member');
    return member;
  }
}

function view(member: StaffMember): StaffView {
  return {
    id: member.id,
    email: member.email,
    fullName: member.fullName,
    roles: member.roles,
    active: member.active,
    suspended: member.suspendedAt !== null,
    suspendedAt: member.suspendedAt?.toISOString() ?? null,
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}
