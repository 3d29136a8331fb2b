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

  private counts(value: string): boolean {
    return (
      value.length >= 4 &&
      !this.vocabulary.has(value) &&
      !UUID.test(value) &&
      !this.own.includes(value)
    );
  }

  /**
   * The submitted values that `text` repeats (JSON-escaped or as they are). A value that
   * is part of a key sent along is not counted: a name-like key may be named back.
   */
  foundIn(text: string, submitted: Iterable<string>, keys: readonly string[] = []): string[] {
    return [...submitted].filter(
      (value) =>
        (text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))) &&
        this.counts(value) &&
        !keys.some((key) => key.includes(value)),
    );
  }
}
