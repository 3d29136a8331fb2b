import { MAX_RETRY_DELAY_SECONDS, nextAttemptAt, retryDelaySeconds } from './backoff';

describe('outbox retry backoff', () => {
  it('waits the base after the first failure, then doubles', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, 30))).toEqual([30, 60, 120, 240, 480]);
  });

  it('never waits more than an hour', () => {
    expect(retryDelaySeconds(7, 30)).toBe(1920);
    expect(retryDelaySeconds(8, 30)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(50, 30)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(1, 3600)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(1000, 1)).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it('treats a message that has not failed yet like the first failure', () => {
    expect(retryDelaySeconds(0, 30)).toBe(30);
  });

  it('dates the next attempt from now', () => {
    const now = new Date('2026-11-24T10:00:00.000Z');
    expect(nextAttemptAt(now, 3, 30).toISOString()).toBe('2026-11-24T10:02:00.000Z');
  });
});
