import { Injectable } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import type { AccountState, Principal, PrincipalKind, TokenPayload } from './principal';
import { Sessions } from './sessions';

export type AccountLookup = (id: string) => Promise<AccountState | null>;

/**
 * Reads the session and the account in one statement: null when the session is not live
 * (revoked, expired, another account's) or the account is not active.
 */
export type SessionAccountLookup = (id: string, sessionId: string) => Promise<AccountState | null>;

/**
 * Turns a verified token into a Principal by re-reading, on every request, the session
 * and the account it names. Each module that owns an account kind registers its lookup,
 * so deactivation, role changes and suspension apply on the very next request.
 */
@Injectable()
export class Principals {
  private readonly lookups = new Map<PrincipalKind, SessionAccountLookup>();

  constructor(private readonly sessions: Sessions) {}

  /** The account's own lookup; the session is read beside it. */
  register(kind: PrincipalKind, lookup: AccountLookup): void {
    this.lookups.set(kind, async (id, sessionId) => {
      const [live, account] = await Promise.all([
        this.sessions.isLive(sessionId, kind, id),
        lookup(id),
      ]);
      return live ? account : null;
    });
  }

  /** A lookup that checks the session itself, in the same statement as the account. */
  registerWithSession(kind: PrincipalKind, lookup: SessionAccountLookup): void {
    this.lookups.set(kind, lookup);
  }

  async resolve(kind: PrincipalKind, token: TokenPayload): Promise<Principal> {
    const lookup = this.lookups.get(kind);
    if (!lookup) throw new AppError('UNAUTHENTICATED', 'This kind of token is not accepted');
    const account = await lookup(token.sub, token.sid);
    if (!account) {
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
      holdings: account.holdings,
    };
  }
}
