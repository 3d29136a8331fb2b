import { Injectable } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import type { AccountState, Principal, PrincipalKind, TokenPayload } from './principal';
import { Sessions } from './sessions';

export type AccountLookup = (id: string) => Promise<AccountState | null>;

/**
 * Turns a verified token into a Principal by re-reading, on every request, the session
 * and the account it names. Each module that owns an account kind registers its lookup,
 * so deactivation, role changes and suspension apply on the very next request.
 */
@Injectable()
export class Principals {
  private readonly lookups = new Map<PrincipalKind, AccountLookup>();

  constructor(private readonly sessions: Sessions) {}

  register(kind: PrincipalKind, lookup: AccountLookup): void {
    this.lookups.set(kind, lookup);
  }

  async resolve(kind: PrincipalKind, token: TokenPayload): Promise<Principal> {
    const lookup = this.lookups.get(kind);
    if (!lookup) throw new AppError('UNAUTHENTICATED', 'This kind of token is not accepted');
    const [live, account] = await Promise.all([
      this.sessions.isLive(token.sid, kind, token.sub),
      lookup(token.sub),
    ]);
    if (!live || !account) {
      throw new AppError(
        'UNAUTHENTICATED',
        'The token has been revoked or its account is inactive',
      );
    }
    if (account.suspended) {
      throw new AppError(
        'ACCOUNT_SUSPENDED',
        'This account is suspended pending review of an incident',
      );
    }
    return {
      kind,
      id: token.sub,
      sessionId: token.sid,
      roles: account.roles ?? [],
      scopes: account.scopes ?? [],
      paused: account.paused ?? false,
    };
  }
}
