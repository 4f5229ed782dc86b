/** The real clock and id generator, for `main.ts` and the CLI. */
import { V7Generator } from 'uuidv7';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import { randomPool } from './random-pool.ts';

/** Wall-clock time. */
export const systemClock: Clock = { now: () => new Date() };

const generator = new V7Generator(randomPool);

/** Time-ordered UUIDv7 ids (monotonic within the process). */
export const uuidV7Ids: IdGenerator = { next: () => generator.generate().toString() };
