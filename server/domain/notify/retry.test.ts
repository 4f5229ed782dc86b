import { describe, expect, it } from 'vitest';
import { afterFailure, backoffMs, MAX_ATTEMPTS } from './retry.ts';

const MINUTE = 60_000;

describe('the retry schedule', () => {
  it('doubles from one minute', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([1, 2, 4, 8, 16].map((m) => m * MINUTE));
  });

  it('is capped at six hours', () => {
    expect(backoffMs(9)).toBe(256 * MINUTE);
    expect(backoffMs(10)).toBe(6 * 60 * MINUTE);
    expect(backoffMs(1000)).toBe(6 * 60 * MINUTE);
  });

  it('retries until the last attempt, then gives up', () => {
    const now = new Date('2026-03-02T02:00:00Z');
    expect(afterFailure(1, now)).toEqual({
      status: 'failed',
      nextAttemptAt: new Date(now.getTime() + MINUTE),
    });
    expect(afterFailure(MAX_ATTEMPTS - 1, now).status).toBe('failed');
    expect(afterFailure(MAX_ATTEMPTS, now)).toEqual({ status: 'dead', nextAttemptAt: now });
  });
});
