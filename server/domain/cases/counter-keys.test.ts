import { describe, expect, it } from 'vitest';
import {
  areaKey,
  byStoredKey,
  createCounterKeyer,
  FIRST_DAY_PERIOD,
  metricKey,
  periodName,
  periodOf,
  type CounterKeyRow,
} from './counter-keys.ts';

describe('counter keys', () => {
  it('are stable 53-bit integers, negative exactly for department metrics', () => {
    // Stored keys must never change: these values are in every database.
    expect(metricKey('reported')).toBe(metricKey('reported'));
    expect(Number.isSafeInteger(areaKey('01a226f9-1e64-7647-92d9-277938b12015'))).toBe(true);
    expect(metricKey('reported')).toBeGreaterThan(0);
    expect(metricKey('category:C0101')).toBeGreaterThan(0);
    expect(metricKey('dept:01a226f9-1e70-7f70-9184-8211d7b0f66e:closed')).toBeLessThan(0);
    expect(areaKey('a')).not.toBe(areaKey('b'));
    expect(metricKey('reported')).toBe(8696981388008112);
  });

  it('spread 100,000 area ids without a collision', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 100_000; i++)
      keys.add(areaKey(`01a226f9-1e64-7647-92d9-${String(i).padStart(12, '0')}`));
    expect(keys.size).toBe(100_000);
  });

  it('turn days and months into ordered integer periods and back', () => {
    expect(periodOf('2026-11-29')).toBe(20261129);
    expect(periodOf('2026-11')).toBe(202611);
    expect(periodName(20261129)).toBe('2026-11-29');
    expect(periodName(202611)).toBe('2026-11');
    expect(periodOf('2026-11-29')).toBeGreaterThanOrEqual(FIRST_DAY_PERIOD);
    expect(periodOf('9999-12')).toBeLessThan(FIRST_DAY_PERIOD);
    expect(periodOf('2026-12-01')).toBeGreaterThan(periodOf('2026-11-30'));
    expect(() => periodOf('2026/11/29')).toThrow(RangeError);
  });

  it('key rows the same with or without the keyer, in one order', () => {
    const keyer = createCounterKeyer(2);
    const rows: CounterKeyRow[] = [
      keyer.row('b', '2026-11-29', 'closed', 1),
      keyer.row('a', '2026-11', 'reported', 2),
      keyer.row('a', '2026-11-01', 'reported', 3),
      keyer.row('c', '2026-11-01', 'dept:x:closed', 4),
    ];
    expect(rows[0]).toEqual([areaKey('b'), 20261129, metricKey('closed'), 1]);
    const sorted = [...rows].sort(byStoredKey);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1] as CounterKeyRow, sorted[i] as CounterKeyRow];
      expect(
        a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2]))),
      ).toBe(true);
    }
  });
});
