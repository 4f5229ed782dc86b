/** The real clock and id generator, for `main.ts` and the CLI. */
import { uuidv7 } from 'uuidv7';
import type { Clock, IdGenerator } from '../domain/ports.ts';

/** Wall-clock time. */
export const systemClock: Clock = { now: () => new Date() };

/** Time-ordered UUIDv7 ids. */
export const uuidV7Ids: IdGenerator = { next: () => uuidv7() };
