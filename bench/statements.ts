import { createConnection } from 'mysql2/promise';
import { mysqlServer } from '../test/support/databases';
import type { Target } from './compare';

export interface Statements {
  /** Statements the service sent, per request (a trigger's own are not sent: see `inTriggers`). */
  perRequest: number;
  /** Statements run inside triggers, which MariaDB's general log lists too (they name NEW.). */
  inTriggers: number;
  /** The statements by kind (their first words), most frequent first, per request. */
  kinds: Array<[string, number]>;
}

/** A statement's kind: its verb and the first table it names, without values. */
function kindOf(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const verb = flat.split(' ')[0].toUpperCase();
  const table = /\b(?:FROM|INTO|UPDATE)\s+`?(\w+)`?/i.exec(flat)?.[1] ?? '';
  return table ? `${verb} ${table}` : verb;
}

/**
 * What the target sends to MariaDB per request: `requests` requests one at a time, with
 * the general log on, counting what the connections to `database` sent meanwhile (the
 * service's pool; its background jobs too, which show up as kinds of their own). Needs
 * the rights to set the general log (root on this machine's MariaDB).
 */
export async function statementsPerRequest(
  target: Target,
  database: string,
  requests = 100,
): Promise<Statements> {
  const admin = await createConnection(mysqlServer());
  const threads = async () =>
    (
      (await admin.query('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?', [
        database,
      ])) as unknown as [Array<{ ID: number }>]
    )[0].map((row) => row.ID);
  try {
    // Requests still in flight from a rate round would be counted as this target's.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const before = await threads();
    await admin.query("SET GLOBAL log_output = 'TABLE'");
    await admin.query('TRUNCATE TABLE mysql.general_log');
    await admin.query("SET GLOBAL general_log = 'ON'");
    try {
      for (let i = 0; i < requests; i++) {
        const response = await fetch(`${target.url}${target.path()}`, {
          method: target.method ?? 'GET',
          headers: { ...target.headers, ...target.nextHeaders?.() },
        });
        await response.arrayBuffer();
      }
    } finally {
      await admin.query("SET GLOBAL general_log = 'OFF'");
    }
    const ids = [...new Set([...before, ...(await threads())])];
    if (ids.length === 0) return { perRequest: 0, inTriggers: 0, kinds: [] };
    const [rows] = (await admin.query(
      `SELECT CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log
       WHERE thread_id IN (?) AND command_type IN ('Query', 'Execute')`,
      [ids],
    )) as unknown as [Array<{ sql_text: string }>];
    const inTrigger = (row: { sql_text: string }) => /\bNEW\./.test(row.sql_text);
    const sent = rows.filter((row) => !inTrigger(row));
    const kinds = new Map<string, number>();
    for (const row of sent) {
      const kind = kindOf(row.sql_text);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return {
      perRequest: sent.length / requests,
      inTriggers: (rows.length - sent.length) / requests,
      kinds: [...kinds.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => [kind, n / requests] as [string, number]),
    };
  } finally {
    await admin.end();
  }
}
