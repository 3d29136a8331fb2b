/**
 * One line for a failed start: what failed and the driver's error code, never a stack
 * trace or a message that could echo configuration secrets.
 */
export function describeStartFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : typeof error;
  if (typeof code === 'string' && /^(E[A-Z_]+|ER_[A-Z_]+|SQLITE_[A-Z_]+)$/.test(code)) {
    return `Start failed: cannot use the database (${code})`;
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : '';
  return `Start failed: ${name}${message ? `: ${message}` : ''}`;
}
