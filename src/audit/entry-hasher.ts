import { createHmac } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program, plain JavaScript so that it runs the same from ts-node,
 * jest and the built service: for each entry of a page, HMAC-SHA256 under the key of
 * its message (prevHash then canonical JSON, as entryHash hashes), compared with its
 * stored hash. It answers the positions that differ.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const key = Buffer.from(workerData.key);
parentPort.on('message', ({ id, messages, hashes }) => {
  const bad = [];
  for (let i = 0; i < messages.length; i++)
    if (createHmac('sha256', key).update(messages[i]).digest('hex') !== hashes[i]) bad.push(i);
  parentPort.postMessage({ id, bad });
});
`;

interface Answer {
  id: number;
  bad: number[];
}

/**
 * Recomputes entries' HMACs on a second core: the verifier's thread reads the next page
 * while a worker thread hashes this one. One worker per verification, ended with it
 * (`close`).
 */
export class EntryHasher {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { ok: (bad: number[]) => void; fail: (e: Error) => void }
  >();
  private next = 0;
  private failed: Error | null = null;

  constructor(key: Buffer) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { key: Uint8Array.from(key) },
    });
    this.worker.on('message', ({ id, bad }: Answer) => {
      this.waiting.get(id)?.ok(bad);
      this.waiting.delete(id);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the hashing worker stopped')));
  }

  /** The positions whose HMAC of `messages[i]` is not `hashes[i]`. */
  mismatches(messages: string[], hashes: string[]): Promise<number[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise<number[]>((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      this.worker.postMessage({ id, messages, hashes });
    });
  }

  async close(): Promise<void> {
    this.failed ??= new Error('the hashing worker was closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const { fail } of this.waiting.values()) fail(this.failed);
    this.waiting.clear();
  }
}

/** The same check on this thread, for the few entries looked at again. */
export function hashesTo(key: Buffer, message: string, hash: unknown): boolean {
  return createHmac('sha256', key).update(message).digest('hex') === hash;
}
