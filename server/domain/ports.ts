/**
 * Ports: what the domain and services need from the outside world. Storage implements the
 * stores; `main.ts` and the tests supply clocks and id generators.
 */

/** The current time, injected so deadline rules are tested without fake timers. */
export interface Clock {
  now(): Date;
}

/** New time-ordered ids (UUIDv7): random ids halve insert speed on large tables. */
export interface IdGenerator {
  next(): string;
}
