import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for every rule that depends on time (order validity, pledge
 * effective dates, throttling windows, legal deadlines), so tests can move it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
