/**
 * The outbox's retry schedule: exponential backoff from one minute, capped, and a last
 * attempt after which a message is dead (it stays listed, and a webhook can be replayed).
 */

/** Attempts before a message is given up. */
export const MAX_ATTEMPTS = 10;
const BASE_MS = 60_000;
const CAP_MS = 6 * 60 * 60 * 1000;

/** How long to wait after the `attempts`-th failed attempt (1 min, 2, 4 … at most 6 h). */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.min(exponent, 30));
}

/** The state after a failed attempt: retry at a later time, or dead. */
export function afterFailure(
  attempts: number,
  now: Date,
): { status: 'failed'; nextAttemptAt: Date } | { status: 'dead'; nextAttemptAt: Date } {
  if (attempts >= MAX_ATTEMPTS) return { status: 'dead', nextAttemptAt: now };
  return { status: 'failed', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) };
}
