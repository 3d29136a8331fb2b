/** The longest wait between two attempts at one message. */
export const MAX_RETRY_DELAY_SECONDS = 3600;

/**
 * Seconds to wait after the `attempts`-th failed attempt: the base, doubling with each
 * failure, never more than an hour (30 s, 60 s, 120 s … 3600 s with the default base).
 */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^12 already exceeds the cap for any base >= 1; stop before floats get large.
  if (exponent >= 12) return MAX_RETRY_DELAY_SECONDS;
  return Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** exponent);
}

export function nextAttemptAt(now: Date, attempts: number, baseSeconds: number): Date {
  return new Date(now.getTime() + retryDelaySeconds(attempts, baseSeconds) * 1000);
}
