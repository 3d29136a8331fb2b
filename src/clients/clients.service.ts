import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { fieldsSet, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { PasswordLogin } from '../auth/password-login';
import { Passwords } from '../auth/passwords';
import type { AccountTable } from '../auth/account-table';
import type { PublicRequestContext, RequestContext } from '../auth/request-context';
import { Sessions } from '../auth/sessions';
import { type IssuedToken, Tokens } from '../auth/tokens';
import { Clock } from '../common/clock';
import { type Page, type PageQuery, paginate } from '../common/pagination';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import type {
  ClientTokenDto,
  ClientView,
  ClientWithSecret,
  CreateClientDto,
  UpdateClientDto,
} from './clients.dto';
import { ServiceClient } from './service-client.entity';

/** A service client as every request re-reads it (src/auth/account-table.ts). */
export const CLIENT_ACCOUNT: AccountTable = { table: 'service_clients', list: 'scopes' };

@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(ServiceClient) private readonly clients: Repository<ServiceClient>,
    private readonly transactions: Transactions,
    private readonly passwords: Passwords,
    private readonly passwordLogin: PasswordLogin,
    private readonly tokens: Tokens,
    private readonly sessions: Sessions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async token(dto: ClientTokenDto, ctx: PublicRequestContext): Promise<IssuedToken> {
    const { account } = await this.passwordLogin.verify(
      {
        kind: 'client',
        identifier: dto.clientId,
        ip: ctx.ip,
        requestId: ctx.requestId,
        secret: dto.clientSecret,
      },
      async () => {
        const client = await this.clients.findOneBy({ id: dto.clientId });
        return (
          client && {
            id: client.id,
            account: client,
            passwordHash: client.secretHash,
            usable: client.active,
            refusal: client.suspendedAt
              ? new AppError(
                  'ACCOUNT_SUSPENDED',
                  'This client is suspended pending review of an incident',
                )
              : null,
          }
        );
      },
    );
    return this.tokens.issue('client', account.id, ctx);
  }

  /** A new service client, audited as CLIENT_CREATE in the same transaction. */
  async create(dto: CreateClientDto, ctx: RequestContext): Promise<ClientWithSecret> {
    const secret = newSecret();
    const now = this.clock.now();
    const client: ServiceClient = {
      id: randomUUID(),
      name: dto.name,
      scopes: dto.scopes,
      secretHash: await this.passwords.hash(secret),
      active: true,
      suspendedAt: null,
      pausedAt: null,
      pausedBy: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(ServiceClient, client);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.CLIENT_CREATE,
          outcome: AuditOutcome.ALLOWED,
          targetId: client.id,
        },
        tx,
      );
    });
    return { ...view(client), clientSecret: secret };
  }

  async list(query: PageQuery): Promise<Page<ClientView>> {
    const page = await paginate(this.clients.createQueryBuilder('client'), query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ClientView> {
    return view(await this.find(id));
  }

  /** Name, scopes, activation: one CLIENT_UPDATE entry in the same transaction. */
  async update(id: string, dto: UpdateClientDto, ctx: RequestContext): Promise<ClientView> {
    const updated = await this.transactions.run(async (tx) => {
      const client = await this.find(id, tx);
      const changes: Partial<ServiceClient> = {
        name: dto.name ?? client.name,
        scopes: dto.scopes ?? client.scopes,
        active: dto.active ?? client.active,
        updatedAt: this.clock.now(),
      };
      await tx.manager.update(ServiceClient, { id }, changes);
      if (client.active && changes.active === false)
        await this.sessions.revokeAll('client', id, tx);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.CLIENT_UPDATE,
          outcome: AuditOutcome.ALLOWED,
          targetId: id,
          fields: fieldsSet(dto),
        },
        tx,
      );
      return { ...client, ...changes };
    });
    return view(updated);
  }

  /**
   * A new secret; the old one stops working and the client's sessions end. The
   * administrator sees the new secret, so the client's PD grants pause until a compliance
   * officer confirms it went into the client's configuration (four eyes): otherwise
   * rotating the Billing's secret would hand its grants to whoever rotated it. Audited.
   */
  async rotateSecret(id: string, ctx: RequestContext): Promise<ClientWithSecret> {
    const secret = newSecret();
    const secretHash = await this.passwords.hash(secret);
    const client = await this.transactions.run(async (tx) => {
      const found = await this.find(id, tx);
      const now = this.clock.now();
      const paused = { secretHash, pausedAt: now, pausedBy: ctx.principal.id, updatedAt: now };
      await tx.manager.update(ServiceClient, { id: found.id }, paused);
      await this.sessions.revokeAll('client', id, tx);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.CLIENT_SECRET_ROTATE,
          outcome: AuditOutcome.ALLOWED,
          targetId: id,
        },
        tx,
      );
      return { ...found, ...paused };
    });
    return { ...view(client), clientSecret: secret };
  }

  /**
   * `POST /clients/:id/confirm` by a compliance officer other than the one who rotated
   * the secret: the client's PD grants count again. CLIENT_CONFIRM; refusals DENIED.
   */
  async confirm(id: string, ctx: RequestContext): Promise<ClientView> {
    const attempt = { ...originOf(ctx), action: AuditAction.CLIENT_CONFIRM, targetId: id };
    const confirmed = await this.audit.refusals(
      attempt,
      ['SELF_ISSUE_FORBIDDEN', 'INVALID_STATE'],
      () =>
        this.transactions.run(async (tx) => {
          const client = await this.find(id, tx);
          if (!client.pausedAt) throw new AppError('INVALID_STATE', 'The client is not paused');
          if (client.pausedBy === ctx.principal.id) {
            throw new AppError(
              'SELF_ISSUE_FORBIDDEN',
              'The client is confirmed by someone other than who rotated its secret',
            );
          }
          const updated = await tx.manager.update(
            ServiceClient,
            { id: client.id, pausedBy: client.pausedBy! },
            { pausedAt: null, pausedBy: null, updatedAt: this.clock.now() },
          );
          if (updated.affected !== 1) {
            throw new AppError('CONCURRENT_CHANGE', 'The client changed meanwhile; retry');
          }
          await this.audit.record(
            { ...attempt, targetId: client.id, outcome: AuditOutcome.ALLOWED },
            tx,
          );
          return { ...client, pausedAt: null, pausedBy: null };
        }),
    );
    return view(confirmed);
  }

  async suspend(id: string, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(
        ServiceClient,
        { id },
        { suspendedAt: this.clock.now(), updatedAt: this.clock.now() },
      ),
    );
  }

  async lift(id: string, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(ServiceClient, { id }, { suspendedAt: null, updatedAt: this.clock.now() }),
    );
  }

  private async find(id: string, tx?: Tx): Promise<ServiceClient> {
    const repository = tx ? tx.manager.getRepository(ServiceClient) : this.clients;
    const client = await repository.findOneBy({ id });
    if (!client) throw notFound('Service client');
    return client;
  }
}

function newSecret(): string {
  return `pdcs_${randomBytes(32).toString('base64url')}`;
}

function view(client: ServiceClient): ClientView {
  return {
    id: client.id,
    name: client.name,
    scopes: client.scopes,
    active: client.active,
    suspended: client.suspendedAt !== null,
    paused: client.pausedAt !== null,
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}
