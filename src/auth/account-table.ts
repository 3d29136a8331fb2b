import type { AccountState } from './principal';

/**
 * An account table (staff members, service clients) as every request re-reads it: an
 * active row's list of roles or scopes (simple-json text), its suspension and its pause.
 * The owning module names its table; the lookups and the read models that join an
 * account (src/access's holder standing) build their SQL from here, so the columns and
 * what they mean are written once.
 */
export interface AccountTable {
  table: string;
  list: 'roles' | 'scopes';
}

export interface AccountRow {
  list: string;
  suspendedAt: unknown;
  pausedAt: unknown;
}

/** The columns of the account aliased `alias`, as an AccountRow. */
export const accountColumns = (account: AccountTable, alias: string): string =>
  `${alias}.${account.list} AS list, ${alias}.suspendedAt, ${alias}.pausedAt`;

/** `active` is a boolean stored as 1 or 0 on both drivers. */
export const activeAccount = (alias: string): string => `${alias}.active = 1`;

/** What those columns say. */
export function accountState(account: AccountTable, row: AccountRow): AccountState {
  return {
    suspended: row.suspendedAt !== null,
    paused: row.pausedAt !== null,
    [account.list]: JSON.parse(row.list) as string[],
  };
}
