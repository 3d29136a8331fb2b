import { existsSync } from 'node:fs';
import { LedgerFileError, readLines } from '../erasure-ledger/ledger-file';
import type { LedgerLine } from '../erasure-ledger/ledger-hash';
import { BackupError, BackupRefusal } from './backup-error';

/** What a restore re-applies: the chain after the backup, and lines that never committed. */
export interface LedgerPlan {
  /** The ledger's entries after the backup's head, in order; they join the restored table. */
  chain: LedgerLine[];
  /**
   * Lines whose place was taken again by another entry: written before a commit that did
   * not happen (ErasureLedger). Their subjects are erased too, to be safe.
   */
  uncommitted: LedgerLine[];
}

/**
 * Reads the ledger file(s) and finds every erasure newer than the backup, refusing a
 * ledger that cannot prove it holds them all: a line not made with this service's key, a
 * file that does not reach back to the backup's last erasure (another ledger, or one
 * replaced by an older copy), or a gap after it.
 */
export async function planErasures(
  files: string[],
  backupHead: { seq: number; hash: string },
  authentic: (line: LedgerLine) => boolean,
): Promise<LedgerPlan> {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length === files.length)
    throw new BackupError(
      BackupRefusal.NO_LEDGER,
      `No erasure ledger at ${files.join(', ')}: without it erasures made after the backup would come back (give --ledger FILE, or --without-ledger to restore anyway and record that)`,
    );
  const byHash = new Map<string, LedgerLine>();
  for (const file of files.filter((f) => !missing.includes(f))) {
    try {
      for await (const line of readLines(file)) {
        if (!authentic(line))
          throw new BackupError(
            BackupRefusal.LEDGER_BROKEN,
            `${file}: entry ${line.seq} was not written by this service (AUDIT_HMAC_KEY) or was changed`,
          );
        byHash.set(line.hash, line);
      }
    } catch (error) {
      if (error instanceof LedgerFileError)
        throw new BackupError(BackupRefusal.LEDGER_BROKEN, error.message);
      throw error;
    }
  }
  const lines = [...byHash.values()];
  if (
    backupHead.seq > 0 &&
    !lines.some((line) => line.seq === backupHead.seq && line.hash === backupHead.hash)
  )
    throw new BackupError(
      BackupRefusal.LEDGER_BROKEN,
      `The erasure ledger does not hold the backup's last erasure (entry ${backupHead.seq}): it is another ledger, or an older copy`,
    );
  const chain: LedgerLine[] = [];
  let current = backupHead;
  for (;;) {
    const next = lines.filter(
      (line) => line.seq === current.seq + 1 && line.prevHash === current.hash,
    );
    if (next.length === 0) break;
    // Two lines on one place: the one the chain continues from committed; at the end,
    // the later written (a rolled-back attempt is written before its retry).
    const chosen =
      next.find((line) => lines.some((after) => after.prevHash === line.hash)) ?? next.at(-1)!;
    chain.push(chosen);
    current = chosen;
  }
  const placed = new Set(chain.map((line) => line.hash));
  const beyond = lines.filter((line) => line.seq > current.seq);
  if (beyond.length > 0)
    throw new BackupError(
      BackupRefusal.LEDGER_BROKEN,
      `The erasure ledger has a gap after entry ${current.seq}: entries are missing, so erasures after it cannot be proven complete`,
    );
  const uncommitted = lines.filter((line) => line.seq > backupHead.seq && !placed.has(line.hash));
  return { chain, uncommitted };
}
