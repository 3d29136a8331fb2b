import { EntryHasher, hashesTo } from './entry-hasher';
import type { EntryPages } from './entry-pages';
import { COL, decodedMessage, hashOf, seqOf, type WalkedEntry } from './stored-entry';

/**
 * Whether each walked entry still hashes to its `hash`, a page at a time: the worker
 * recomputes the HMACs of the messages the database built (EntryHasher), while this
 * thread reads the next page. An entry whose message does not hash, or that has none, is
 * looked at again the way entries were always checked: its whole row decoded through the
 * entity (decodedMessage). So an entry is reported edited exactly when
 * `entryHash(decode(row))` is not its hash; unreadable content does not hash.
 */
export class EntryChecks {
  private readonly hasher: EntryHasher;

  constructor(
    private readonly key: Buffer,
    private readonly pages: EntryPages,
  ) {
    this.hasher = new EntryHasher(key);
  }

  /** The positions in `page` (entries of `chainId`) that do not hash to their `hash`. */
  async unhashed(chainId: string, page: WalkedEntry[]): Promise<Set<number>> {
    const again: number[] = [];
    const sent: number[] = [];
    const messages: string[] = [];
    const hashes: string[] = [];
    for (let i = 0; i < page.length; i++) {
      const [message, hash] = [page[i][COL.message], page[i][COL.hash]];
      if (typeof message !== 'string' || message.includes('\\') || typeof hash !== 'string')
        again.push(i);
      else {
        sent.push(i);
        messages.push(message);
        hashes.push(hash);
        // The worker gets a copy; the walk needs none, and young garbage is cheap garbage.
        page[i][COL.message] = null;
      }
    }
    for (const j of await this.hasher.mismatches(messages, hashes)) again.push(sent[j]);
    const bad = new Set<number>();
    for (const i of again) if (!(await this.hashesDecoded(chainId, page[i]))) bad.add(i);
    return bad;
  }

  close(): Promise<void> {
    return this.hasher.close();
  }

  private async hashesDecoded(chainId: string, row: WalkedEntry): Promise<boolean> {
    const stored = await this.pages.stored(chainId, seqOf(row));
    try {
      return stored !== undefined && hashesTo(this.key, decodedMessage(stored), hashOf(row));
    } catch {
      return false;
    }
  }
}
