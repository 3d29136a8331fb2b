import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorStatus } from '../../src/errors/error-codes';

const SRC = join(__dirname, '..', '..', 'src');
const BODY_KEYS = new Set(['statusCode', 'code', 'message', 'details']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The error format of DESIGN.md: the status repeated, a known code of that status, a message. */
export function inErrorFormat(status: number, body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const { statusCode, code, message } = body as Record<string, unknown>;
  return (
    statusCode === status &&
    typeof code === 'string' &&
    code in ErrorStatus &&
    ErrorStatus[code as keyof typeof ErrorStatus] === status &&
    typeof message === 'string' &&
    Object.keys(body).every((key) => BODY_KEYS.has(key))
  );
}

/**
 * Tells a reflected value from a coincidence. A value the service could say by itself
 * (a word of its own source, an enum value, a field name: "must", "email", "READ") is
 * not counted, nor is an id; anything else of four characters or more found in an
 * answer came from the request.
 */
export class Reflection {
  private readonly own = (readdirSync(SRC, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(SRC, file), 'utf8'))
    .join('\n');

  constructor(private readonly vocabulary: ReadonlySet<string>) {}

  /**
   * Spaces around a value are no part of what it says: " contracts:write" is found in the
   * service's own list "…, contracts:write, …" (FUZZ_SEED=1911318313) without being repeated.
   */
  private counts(value: string): boolean {
    const said = value.trim();
    return (
      said.length >= 4 && !this.vocabulary.has(said) && !UUID.test(said) && !this.own.includes(said)
    );
  }

  /**
   * The submitted values that `text` repeats. A JSON text (an answer, a log line) is
   * read for its strings, keys included, so a value is found as the service wrote it
   * whatever the escaping, and a value that only spans JSON's own punctuation (`REVOKED"`
   * at the end of a quoted enum list) is no reflection. A value that is part of a key
   * sent along is not counted: a name-like key may be named back.
   */
  foundIn(text: string, submitted: Iterable<string>, keys: readonly string[] = []): string[] {
    const said = stringsOf(text).map(withoutIds);
    return [...submitted].filter(
      (value) =>
        said.some((string) => string.includes(value)) &&
        this.counts(value) &&
        !keys.some((key) => key.includes(value)),
    );
  }
}

/**
 * The service's own ids and digests (UUIDs, hex of 32 characters or more) taken out of a
 * string: a short value that is hex ("a306") is found inside one of them by chance, in
 * any log line or answer, without having been repeated.
 */
const withoutIds = (said: string): string =>
  said.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}/gi, ' ');

/** Every string and key of `text` read as JSON, or line by line as JSON lines, else the text. */
function stringsOf(text: string): string[] {
  const whole = parsed(text);
  if (whole !== undefined) return collect(whole);
  return text.split('\n').flatMap((line) => {
    const value = parsed(line);
    return value === undefined ? [line] : collect(value);
  });
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function collect(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collect(item, into));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      collect(item, into);
    }
  }
  return into;
}
