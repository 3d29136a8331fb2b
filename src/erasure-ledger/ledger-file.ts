import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { LedgerLine } from './ledger-hash';

/**
 * The ledger's file: one JSON line per entry, appended with one write (O_APPEND, so lines
 * of several processes on the same file never interleave) and fsynced before the
 * erasure's transaction commits. A new file's directory is fsynced too, so the file
 * itself survives a crash.
 */
export async function appendLine(path: string, line: LedgerLine | null): Promise<void> {
  const created = !existsSync(path);
  if (created) await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a', 0o600);
  try {
    if (line) await file.write(`${JSON.stringify(line)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  if (created) {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

export class LedgerFileError extends Error {}

/** Every line of a ledger file, in file order; a line that is not an entry is an error. */
export async function* readLines(path: string): AsyncGenerator<LedgerLine> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const error = once(stream, 'error').then(([e]) => {
    throw new LedgerFileError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code})`);
  });
  error.catch(() => undefined);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      if (text.trim() === '') continue;
      yield parseLine(text, path, number);
    }
  } catch (e) {
    if (e instanceof LedgerFileError) throw e;
    await error;
    throw e;
  }
}

function parseLine(text: string, path: string, number: number): LedgerLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LedgerFileError(`${path} line ${number} is not a ledger entry`);
  }
  const line = value as Partial<LedgerLine>;
  const ok =
    Number.isInteger(line.seq) &&
    (line.seq as number) > 0 &&
    [line.id, line.subjectId, line.reason, line.erasedAt, line.prevHash, line.hash].every(
      (field) => typeof field === 'string',
    );
  if (!ok) throw new LedgerFileError(`${path} line ${number} is not a ledger entry`);
  return line as LedgerLine;
}
