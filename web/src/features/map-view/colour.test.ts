import { describe, expect, it } from 'vitest';
import { classOf } from './colour.ts';

describe('classOf', () => {
  it('puts overdue first, then open counts by band', () => {
    expect(classOf(undefined)).toBe('unknown');
    expect(classOf({ open: 0, overdueOpen: 0 })).toBe('none');
    expect(classOf({ open: 2, overdueOpen: 0 })).toBe('open1');
    expect(classOf({ open: 3, overdueOpen: 0 })).toBe('open2');
    expect(classOf({ open: 10, overdueOpen: 0 })).toBe('open3');
    expect(classOf({ open: 1, overdueOpen: 1 })).toBe('overdue');
  });
});
