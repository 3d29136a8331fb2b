import { createHmac } from 'node:crypto';
import type { ErasureEntry } from './erasure-entry.entity';

/** An entry as the file holds it: the table's row, times as ISO 8601 UTC. */
export interface LedgerLine {
  seq: number;
  id: string;
  subjectId: string;
  reason: string;
  erasedAt: string;
  prevHash: string;
  hash: string;
}

/**
 * `HMAC-SHA256(AUDIT_HMAC_KEY, "erasure-ledger" + prevHash + canonical JSON)`: keyed like
 * the audit trail, so a line cannot be forged, edited or moved by someone without the
 * key, and linked, so a removed or reordered line breaks the chain. Changing this
 * serialisation invalidates every stored hash.
 */
export function ledgerHash(key: Buffer, entry: Omit<LedgerLine, 'hash'>): string {
  return createHmac('sha256', key)
    .update('erasure-ledger\u0000')
    .update(entry.prevHash)
    .update(
      JSON.stringify({
        erasedAt: entry.erasedAt,
        id: entry.id,
        reason: entry.reason,
        seq: entry.seq,
        subjectId: entry.subjectId,
      }),
    )
    .digest('hex');
}

/** The `prevHash` of the first entry. */
export function ledgerGenesis(key: Buffer): string {
  return createHmac('sha256', key).update('erasure-ledger-genesis').digest('hex');
}

export function toLine(entry: ErasureEntry): LedgerLine {
  return { ...entry, erasedAt: entry.erasedAt.toISOString() };
}

export function fromLine(line: LedgerLine): ErasureEntry {
  return { ...line, erasedAt: new Date(line.erasedAt) };
}
