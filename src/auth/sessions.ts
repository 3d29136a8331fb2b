import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { toDbTime } from '../database/db-time';
import { type Tx, Transactions } from '../database/transactions';
import type { PrincipalKind } from './principal';
import { Session } from './session.entity';

/**
 * A session is live while not revoked and before its own expiry, checked here on the
 * server: the token's `exp` alone would trust whatever signed it for as long as it says.
 */
export const liveSession = (alias: string): string =>
  `${alias}.id = ? AND ${alias}.principalKind = ? AND ${alias}.principalId = ? AND ${alias}.revokedAt IS NULL AND ${alias}.expiresAt > ?`;
const LIVE_SQL = `SELECT 1 AS live FROM auth_sessions s WHERE ${liveSession('s')}`;

@Injectable()
export class Sessions {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async open(
    principalKind: PrincipalKind,
    principalId: string,
    ttlSeconds: number,
    tx?: Tx,
  ): Promise<Session> {
    const createdAt = this.clock.now();
    const session: Session = {
      id: randomUUID(),
      principalKind,
      principalId,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + ttlSeconds * 1000),
      revokedAt: null,
    };
    await this.transactions.within(tx, ({ manager }) => manager.insert(Session, session));
    return session;
  }

  /** Asked on every authenticated request, so its SQL is written once, not built per call. */
  async isLive(id: string, principalKind: PrincipalKind, principalId: string): Promise<boolean> {
    const now = toDbTime(this.sessions.manager, this.clock.now());
    const rows: unknown[] = await this.sessions.query(LIVE_SQL, [
      id,
      principalKind,
      principalId,
      now,
    ]);
    return rows.length > 0;
  }

  async revoke(id: string, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(Session, { id, revokedAt: IsNull() }, { revokedAt: this.clock.now() }),
    );
  }

  /** Ends every session of an account: deactivation, suspension, password reset. */
  async revokeAll(principalKind: PrincipalKind, principalId: string, tx?: Tx): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(
        Session,
        { principalKind, principalId, revokedAt: IsNull() },
        { revokedAt: this.clock.now() },
      ),
    );
  }

  /**
   * Ends every session of an account but the caller's own: a changed password must not
   * leave a stolen session alive, yet the person changing it stays signed in.
   */
  async revokeOthers(
    principalKind: PrincipalKind,
    principalId: string,
    keepId: string,
    tx?: Tx,
  ): Promise<void> {
    await this.transactions.within(tx, ({ manager }) =>
      manager.update(
        Session,
        { principalKind, principalId, revokedAt: IsNull(), id: Not(keepId) },
        { revokedAt: this.clock.now() },
      ),
    );
  }

  async purgeExpired(before: Date): Promise<void> {
    await this.transactions.write((db) => db.delete(Session, { expiresAt: LessThan(before) }));
  }
}
