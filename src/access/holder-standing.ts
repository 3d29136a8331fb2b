import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type AccountRow,
  accountColumns,
  accountState,
  type AccountTable,
  activeAccount,
} from '../auth/account-table';
import type { Principal } from '../auth/principal';
import { PrincipalKind } from '../auth/principal';
import { Principals } from '../auth/principals';
import { liveSession } from '../auth/sessions';
import { CLIENT_ACCOUNT } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { fromDbTime, toDbTime } from '../database/db-time';
import type { Category, Operation, Purpose } from '../pd/vocabulary';
import { STAFF_ACCOUNT } from '../staff/staff.service';
import type { OrderTerms } from './order-terms';
import { pledgeInForceSql } from './pledges.service';

/** What the rule weighs of a holder: the orders (or client grants) not yet ended, and the pledge. */
export interface Holdings {
  orders: OrderTerms[];
  pledged: boolean;
}

const ORDER_COLUMNS =
  'o.id AS orderId, o.number, o.categories, o.operations, o.purposes, o.validFrom, o.validUntil, o.revokedAt';
const PLEDGED = (holder: string) =>
  `(SELECT COUNT(*) FROM pledge_signatures ps WHERE ps.staffId = ${holder} AND ps.pledgeVersionId = (${pledgeInForceSql('?')})) AS pledged`;

/**
 * The session, the account, and its orders (or grants) not yet ended, one row per order;
 * with the pledge for staff, who sign it (a client signs nothing).
 */
const holderSql = (account: AccountTable, signs: boolean): string =>
  `SELECT ${accountColumns(account, 'a')}, ${signs ? PLEDGED('a.id') : '0 AS pledged'}, ${ORDER_COLUMNS}
  FROM auth_sessions s
  JOIN ${account.table} a ON a.id = s.principalId AND ${activeAccount('a')}
  LEFT JOIN access_orders o ON o.holderId = a.id AND o.validUntil > ?
  WHERE ${liveSession('s')}`;

const HOLDERS = [
  { kind: PrincipalKind.STAFF, account: STAFF_ACCOUNT, signs: true },
  { kind: PrincipalKind.CLIENT, account: CLIENT_ACCOUNT, signs: false },
] as const;

const ORDERS_SQL = `SELECT ${PLEDGED('?')}, ${ORDER_COLUMNS}
  FROM (SELECT 1 AS one) AS holder
  LEFT JOIN access_orders o ON o.holderId = ? AND o.validUntil > ?`;

type Row = Record<string, unknown>;

/**
 * The holder's standing, a read model of the access module: what every staff or client
 * request re-reads of its caller (the live session, the active account) together with
 * what the access rule weighs (orders in force, the pledge), in **one** statement. It is
 * the lookup Principals uses for staff and clients, so a guarded PD read sends no
 * further statement for its caller; the rule finds the holdings on the principal
 * (`heldBy`). Read on every request, never cached: a revocation, an expiry, a new pledge
 * version or a suspension counts on the very next request, on any instance.
 */
@Injectable()
export class HolderStanding implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly principals: Principals,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const { kind, account, signs } of HOLDERS) {
      const sql = holderSql(account, signs);
      this.principals.registerWithSession(kind, async (id, sessionId) => {
        const manager = this.dataSource.manager;
        const now = toDbTime(manager, this.clock.now());
        const before = signs ? [now, now] : [now];
        const rows: Row[] = await manager.query(sql, [...before, sessionId, kind, id, now]);
        if (rows.length === 0) return null;
        return {
          ...accountState(account, rows[0] as unknown as AccountRow),
          holdings: holdingsOf(rows),
        };
      });
    }
  }

  /** The holdings of someone who is not the caller of this request (or a caller read without them). */
  async of(holderId: string): Promise<Holdings> {
    const manager = this.dataSource.manager;
    const now = toDbTime(manager, this.clock.now());
    return holdingsOf(await manager.query(ORDERS_SQL, [holderId, now, holderId, now]));
  }
}

/** The holdings read with the principal on this request, if they were. */
export function heldBy(principal: Principal): Holdings | undefined {
  return principal.holdings as Holdings | undefined;
}

function holdingsOf(rows: Row[]): Holdings {
  return {
    orders: rows
      .filter((row) => row.orderId != null)
      .map((row) => ({
        id: row.orderId as string,
        number: row.number as string,
        categories: JSON.parse(row.categories as string) as Category[],
        operations: JSON.parse(row.operations as string) as Operation[],
        purposes: JSON.parse(row.purposes as string) as Purpose[],
        validFrom: fromDbTime(row.validFrom),
        validUntil: fromDbTime(row.validUntil),
        revokedAt: row.revokedAt == null ? null : fromDbTime(row.revokedAt),
      })),
    pledged: rows.length > 0 && Number(rows[0].pledged) > 0,
  };
}
