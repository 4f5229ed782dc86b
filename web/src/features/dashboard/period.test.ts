import { describe, expect, it } from 'vitest';
import { daysOf, lastDays, periodProblems } from './period.ts';

describe('dashboard periods', () => {
  it('counts the presets back from today, today included', () => {
    expect(lastDays(7, new Date(2026, 10, 29))).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(lastDays(30, new Date(2026, 0, 5))).toEqual({ from: '2025-12-07', to: '2026-01-05' });
  });
  it('lists every day of a period, across a month end', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });
  it('explains a wrong period', () => {
    expect(periodProblems({ from: '2026-03-02', to: '2026-03-01' })).toEqual({
      from: 'dashboard.period.order',
    });
    expect(periodProblems({ from: '', to: '2026-03-01' })).toEqual({
      from: 'dashboard.period.invalid',
    });
  });
});
