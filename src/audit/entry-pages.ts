import type { DataSource } from 'typeorm';
import { STORED_COLUMNS, type StoredEntry, WALKED_COLUMNS, type WalkedEntry } from './stored-entry';

/** A chain's entries after a seq, in seq order, as WalkedEntry rows; and one whole row. */
export interface EntryPages {
  page(chainId: string, afterSeq: number, limit: number): Promise<WalkedEntry[]>;
  stored(chainId: string, seq: number): Promise<StoredEntry | undefined>;
}

/** How each SQL dialect writes the values into the message (see messageSql). */
interface Dialect {
  /** A string column that is never null, as stored (quoted by messageSql); NULL otherwise. */
  text(column: string): string;
  /** A string column as `"…"` (not escaped: see messageSql), or `null`; NULL for another type. */
  nullable(column: string): string;
  /** The seq as digits; NULL if it is not an integer. */
  integer(column: string): string;
  /** A JSON text column as it is stored; NULL for another type. */
  json(column: string): string;
  /** The time as `2026-11-24T10:00:00.000` (toISOString without its Z), from the stored form only. */
  time(column: string): string;
  /** `,"identifierHash":"…"`, or nothing when unset (null or empty), as canonicalJson. */
  optional(key: string, column: string): string;
  concat(parts: string[]): string;
}

/** MySQL's columns hold only their declared type: varchar, int, datetime(3). */
const mysql: Dialect = {
  text: (c) => c,
  nullable: (c) => `IFNULL(CONCAT('"', ${c}, '"'), 'null')`,
  integer: (c) => c,
  json: (c) => c,
  time: (c) => `REPLACE(CAST(${c} AS CHAR), ' ', 'T')`,
  optional: (key, c) => `IF(${c} IS NULL OR ${c} = '', '', CONCAT(',"${key}":"', ${c}, '"'))`,
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
};

/** SQLite's columns can hold any type: anything but the declared one gets no message. */
const STORED_TIME =
  '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]';
const sqlite: Dialect = {
  text: (c) => `CASE WHEN typeof(${c}) = 'text' THEN ${c} END`,
  nullable: (c) =>
    `CASE WHEN ${c} IS NULL THEN 'null' WHEN typeof(${c}) = 'text' THEN '"' || ${c} || '"' END`,
  integer: (c) => `CASE WHEN typeof(${c}) = 'integer' THEN ${c} END`,
  json: (c) => `CASE WHEN typeof(${c}) = 'text' THEN ${c} END`,
  time: (c) =>
    `CASE WHEN typeof(${c}) = 'text' AND ${c} GLOB '${STORED_TIME}' THEN substr(${c}, 1, 10) || 'T' || substr(${c}, 12) END`,
  optional: (key, c) =>
    `CASE WHEN ${c} IS NULL OR ${c} = '' THEN '' WHEN typeof(${c}) = 'text' THEN ',"${key}":"' || ${c} || '"' END`,
  concat: (parts) => parts.join(' || '),
};

type Kind = keyof Omit<Dialect, 'concat' | 'optional'> | 'optional';

/** canonicalJson's keys in its order, how each value is written, and the quotes around it. */
const MESSAGE: Array<[string, Kind, string?]> = [
  ['action', 'text', '"'], ['actorId', 'nullable'], ['actorKind', 'text', '"'],
  ['actorRoles', 'json'], ['at', 'time', '"'], ['categories', 'json'], ['chainId', 'text', '"'],
  ['code', 'nullable'], ['fields', 'json'], ['id', 'text', '"'], ['identifierHash', 'optional'],
  ['ip', 'nullable'], ['operation', 'nullable'], ['outcome', 'text', '"'], ['purpose', 'nullable'],
  ['reason', 'nullable'], ['requestId', 'nullable'], ['seq', 'integer'], ['subjectId', 'nullable'],
  ['targetId', 'nullable'],
]; // prettier-ignore

/**
 * What the entry's HMAC covers, `prevHash` then its canonicalJson, as the database can
 * write it cheaply: keys and quotes around the stored values, nothing escaped, so that
 * the verifier's thread reads one string per entry instead of twenty values and the
 * database does no JSON work. It is exactly what entryHash hashes for an intact entry
 * with no backslash in it, which is every entry but those whose values needed escaping
 * (EntryChecks looks at any message with a backslash again, through the entity). And a
 * message with no backslash that hashes to the entry's hash is proof the entry is intact:
 * in the text that was hashed every quote is a JSON delimiter (an escaped one would come
 * with a backslash), so each `{"action":` and `,"key":` occurs once, each stored value is
 * exactly the text between its key and the next, and with no backslash that text is its
 * own JSON.stringify; the JSON columns are the JSON.stringify of what they parse to; the
 * time is the ISO text it parses back to. A NULL message (NULL where none may be, or a
 * value of another type on SQLite) is looked at again too.
 */
function messageSql(dialect: Dialect, q: (name: string) => string): string {
  const parts: string[] = [dialect.text(q('prevHash'))];
  let text = '{';
  MESSAGE.forEach(([key, kind, quote = ''], i) => {
    const column = q(key);
    if (kind === 'optional') {
      parts.push(`'${text}'`, dialect.optional(key, column));
      text = '';
      return;
    }
    text += `${i === 0 ? '' : ','}"${key}":${quote}`;
    parts.push(`'${text}'`, dialect[kind](column));
    text = key === 'at' ? `Z${quote}` : quote;
  });
  parts.push(`'${text}}'`);
  return dialect.concat(parts);
}

/**
 * Keyset pages on (chainId, seq), the primary key, straight from the driver as arrays
 * (mysql2 `rowsAsArray` with `dateStrings`, better-sqlite3 `raw()`): no entity, Date or
 * object per entry. Committed rows only, no lock: the verifier runs beside live traffic.
 */
export function entryPages(dataSource: DataSource): EntryPages {
  const q = (name: string) => dataSource.driver.escape(name);
  const sqliteDriver = dataSource.options.type === 'better-sqlite3';
  const walked = WALKED_COLUMNS.map((name) =>
    name === 'message'
      ? `${messageSql(sqliteDriver ? sqlite : mysql, q)} AS ${q('message')}`
      : q(name),
  );
  const where = `FROM ${q('audit_entries')} WHERE ${q('chainId')} = ? AND ${q('seq')}`;
  const pageSql = `SELECT ${walked.join(', ')} ${where} > ? ORDER BY ${q('seq')} LIMIT ?`;
  const storedSql = `SELECT ${STORED_COLUMNS.map(q).join(', ')} ${where} = ?`;
  if (sqliteDriver) {
    const db = (dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
      .databaseConnection;
    const page = db.prepare(pageSql).raw(true);
    const stored = db.prepare(storedSql).raw(true);
    return {
      page: (chainId, afterSeq, limit) => Promise.resolve(page.all(chainId, afterSeq, limit)),
      stored: (chainId, seq) => Promise.resolve(stored.all(chainId, seq)[0]),
    };
  }
  const pool = (dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
  if (!pool) throw new Error('the audit verifier reads from a single MySQL pool, not a cluster');
  const rows = (sql: string, values: unknown[]) =>
    new Promise<unknown[][]>((ok, fail) =>
      pool.query({ sql, values, rowsAsArray: true, dateStrings: true }, (error, result) =>
        error ? fail(error) : ok(result as unknown[][]),
      ),
    );
  return {
    page: (chainId, afterSeq, limit) => rows(pageSql, [chainId, afterSeq, limit]),
    stored: async (chainId, seq) => (await rows(storedSql, [chainId, seq]))[0],
  };
}

interface Mysql2Pool {
  query(
    options: { sql: string; values: unknown[]; rowsAsArray: boolean; dateStrings: boolean },
    done: (error: Error | null, rows: unknown) => void,
  ): void;
}

interface SqliteDatabase {
  prepare(sql: string): { raw(on: boolean): { all(...values: unknown[]): unknown[][] } };
}
