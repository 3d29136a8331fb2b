/*
 * Moving what one table keeps sealed under a master key onto the current one, for
 * `keys:rotate` (P11.4). Each module that seals under the master key owns its table and
 * its re-seal method; this is the walk they share.
 */

/** What a re-seal run did to one store. */
export interface ResealReport {
  /** Rows now sealed under the current master key. */
  resealed: number;
  /**
   * Rows this instance could not open (their key is not in MASTER_KEYS, or does not open
   * them). They stay as they are: the old key must not be retired while any remain.
   */
  unreadable: number;
}

export type ResealOutcome = 'resealed' | 'unreadable' | 'changed';

export interface ResealWalk<Row extends { id: string }> {
  /** How many rows are sealed under another key than the current one, for progress. */
  count(): Promise<number>;
  /** The next rows under another key than the current one, by id after `afterId`. */
  batch(afterId: string | null, take: number): Promise<Row[]>;
  /**
   * Re-seals one row, writing it only if it is as read (`changed` when someone else
   * rewrote it meanwhile: it is then under the current key already, or gone).
   */
  reseal(row: Row): Promise<ResealOutcome>;
}

/**
 * Walks the rows in id order, in batches, each re-sealed in its own statement: it runs
 * beside live traffic, and an interrupted run is finished by running it again.
 */
export async function resealAll<Row extends { id: string }>(
  walk: ResealWalk<Row>,
  onProgress?: (done: number, total: number) => void,
  batchSize = 500,
): Promise<ResealReport> {
  const total = onProgress ? await walk.count() : 0;
  const report: ResealReport = { resealed: 0, unreadable: 0 };
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await walk.batch(after, batchSize);
    if (rows.length === 0) return report;
    for (const row of rows) {
      const outcome = await walk.reseal(row);
      if (outcome === 'resealed') report.resealed++;
      if (outcome === 'unreadable') report.unreadable++;
      onProgress?.(++done, Math.max(total, done));
    }
    after = rows.at(-1)!.id;
  }
}
