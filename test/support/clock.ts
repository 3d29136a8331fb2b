import { Clock } from '../../src/common/clock';

/** Real time plus an offset the test moves, so "tomorrow" is one call away. */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
