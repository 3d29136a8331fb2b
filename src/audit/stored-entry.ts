import type { AuditEntry } from './audit-entry.entity';
import { canonicalJson } from './audit-hash';

/**
 * An audit entry as the verifier walks it: the few values the chain checks need, and the
 * canonical message its HMAC covers as the database built it (entry-pages.ts), in
 * WALKED_COLUMNS order, with no entity or object made for it.
 */
export type WalkedEntry = unknown[];

/** A whole stored row, every column in STORED_COLUMNS order, for the entries looked at again. */
export type StoredEntry = unknown[];

export const WALKED_COLUMNS = [
  'id', 'seq', 'at', 'action', 'targetId', 'prevHash', 'hash', 'message',
] as const; // prettier-ignore

export const STORED_COLUMNS = [
  'id', 'chainId', 'seq', 'at', 'actorKind', 'actorId', 'actorRoles', 'action', 'subjectId',
  'targetId', 'fields', 'categories', 'operation', 'purpose', 'reason', 'outcome', 'code',
  'requestId', 'ip', 'identifierHash', 'prevHash', 'hash',
] as const; // prettier-ignore

const indexes = <T extends string>(names: readonly T[]) =>
  Object.fromEntries(names.map((name, index) => [name, index])) as Record<T, number>;

/** The index of each column in a WalkedEntry. */
export const COL = indexes(WALKED_COLUMNS);
const STORED = indexes(STORED_COLUMNS);

export const idOf = (row: WalkedEntry): string => row[COL.id] as string;
export const seqOf = (row: WalkedEntry): number => row[COL.seq] as number;
export const hashOf = (row: WalkedEntry): unknown => row[COL.hash];

const JSON_COLUMNS = ['actorRoles', 'fields', 'categories'] as const;

/**
 * What the entry's HMAC covers (`prevHash` then canonicalJson), through the entity as
 * entries were always checked: the row decoded (time parsed, JSON columns parsed) and
 * canonicalJson'd. Throws on unreadable content.
 */
export function decodedMessage(row: StoredEntry): string {
  const entry: Record<string, unknown> = {};
  STORED_COLUMNS.forEach((name, index) => (entry[name] = row[index]));
  entry.at = decodeTime(row[STORED.at]);
  for (const column of JSON_COLUMNS) entry[column] = JSON.parse(String(row[STORED[column]]));
  return String(row[STORED.prevHash]) + canonicalJson(entry as unknown as AuditEntry);
}

/** MySQL (with `dateStrings`) and SQLite both give the UTC text TypeORM stored. */
export function decodeTime(value: unknown): Date {
  const time = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
  if (Number.isNaN(time.getTime())) throw new RangeError('unreadable time');
  return time;
}
