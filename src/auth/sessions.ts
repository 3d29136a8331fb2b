import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { type Tx, Transactions } from '../database/transactions';
import type { PrincipalKind } from './principal';
import { Session } from './session.entity';

const LIVE_SQL =
  'SELECT 1 AS live FROM auth_sessions WHERE id = ? AND principalKind = ? AND principalId = ? AND revokedAt IS NULL';

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
    const rows: unknown[] = await this.sessions.query(LIVE_SQL, [id, principalKind, principalId]);
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

  async purgeExpired(before: Date): Promise<void> {
    await this.transactions.write((db) => db.delete(Session, { expiresAt: LessThan(before) }));
  }
}
