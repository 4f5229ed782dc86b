import { describe, expect, it } from 'vitest';
import { createRandomPool } from './random-pool.ts';

describe('the random pool', () => {
  it('never hands out the same bytes twice, across many refills', () => {
    const pool = createRandomPool(64);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(pool.bytes(8).toString('hex'));
    // 5,000 draws of 64 random bits: a repeat would mean reused bytes.
    expect(seen.size).toBe(5000);
  });

  it('gives copies, so a caller changing its bytes changes nothing later', () => {
    const pool = createRandomPool(64);
    const first = pool.bytes(8);
    first.fill(0);
    const rest = Array.from({ length: 7 }, () => pool.bytes(8).toString('hex'));
    expect(rest).not.toContain('0000000000000000');
  });

  it('spreads 32-bit integers over their whole range, and serves large requests directly', () => {
    const pool = createRandomPool(64);
    const values = Array.from({ length: 4000 }, () => pool.nextUint32());
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
    expect(Math.max(...values)).toBeGreaterThan(2 ** 31);
    expect(Math.min(...values)).toBeLessThan(2 ** 31);
    expect(new Set(values).size).toBeGreaterThan(3990);
    expect(pool.bytes(1000)).toHaveLength(1000);
  });
});
