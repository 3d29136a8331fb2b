import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import type { Role } from '../staff/roles';
import { AUDIENCE, ISSUER, type PrincipalKind } from './principal';
import type { PublicRequestContext, RequestContext } from './request-context';
import { Sessions } from './sessions';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Short-lived JWTs, each bound to a session row so it can be revoked before it expires.
 * Opening a session is a sign-in and ending one a sign-out: each is an audit entry in
 * the same transaction as its session row (P11, P18), here, so no way of signing in
 * can leave none.
 */
@Injectable()
export class Tokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: Sessions,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  /** A token for an account that has just proved who it is; `roles` are a staff member's. */
  async issue(
    kind: PrincipalKind,
    principalId: string,
    ctx: PublicRequestContext,
    roles: readonly Role[] = [],
  ): Promise<IssuedToken> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const session = await this.transactions.run(async (tx) => {
      const opened = await this.sessions.open(kind, principalId, ttl, tx);
      await this.audit.record(
        {
          actorKind: kind,
          actorId: principalId,
          actorRoles: roles,
          requestId: ctx.requestId,
          ip: ctx.ip,
          action: AuditAction.SIGN_IN,
          outcome: AuditOutcome.ALLOWED,
          targetId: principalId,
        },
        tx,
      );
      return opened;
    });
    const accessToken = await this.jwt.signAsync(
      { sid: session.id },
      { subject: principalId, audience: AUDIENCE[kind], issuer: ISSUER, expiresIn: ttl },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl };
  }

  /** Ends the calling token's session; refused from the next request on. */
  async signOut(ctx: RequestContext): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.sessions.revoke(ctx.principal.sessionId, tx);
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.SIGN_OUT,
          outcome: AuditOutcome.ALLOWED,
          targetId: ctx.principal.id,
        },
        tx,
      );
    });
  }
}
