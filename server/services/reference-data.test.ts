import { describe, expect, it } from 'vitest';
import type { Department } from '../domain/org/category.ts';
import { createReferenceData } from './reference-data.ts';

/** A cache over stores that count their loads, a stored version and a clock the test moves. */
function setup(options: { withVersion?: boolean } = {}) {
  const state = { t: 0, version: 'v1', loads: 0, versionReads: 0, departments: [] as Department[] };
  const cache = createReferenceData({
    org: {
      listCategories: async () => {
        state.loads++;
        return [];
      },
      listDepartments: async () => state.departments,
    },
    policies: {
      listPolicies: async () => [],
      listRoutingRules: async () => [],
      listCalendarDays: async () => [],
    },
    calendar: { timeZone: 'Asia/Shanghai', workDays: '1-5', hours: '09:00-18:00' },
    version:
      options.withVersion === false
        ? undefined
        : {
            read: async () => {
              state.versionReads++;
              return state.version;
            },
          },
    ttlMs: 30_000,
    recheckMs: 1_000,
    now: () => state.t,
  });
  return { state, cache };
}

const department = (code: string): Department =>
  ({
    id: code,
    code,
    parentId: null,
    nameZh: code,
    nameEn: code,
    active: true,
    version: 1,
  }) as Department;

describe('reference data cache', () => {
  it('serves the snapshot without any read within the recheck interval', async () => {
    const { state, cache } = setup();
    await cache.current();
    state.t = 999;
    await cache.current();
    expect(state.loads).toBe(1);
    expect(state.versionReads).toBe(1); // the load's own
  });

  it('compares the stored version after the interval and reloads only when it changed', async () => {
    const { state, cache } = setup();
    await cache.current();
    state.t = 1_000;
    await cache.current();
    expect([state.loads, state.versionReads]).toEqual([1, 2]);
    state.t = 1_500;
    await cache.current();
    expect(state.versionReads).toBe(2);

    state.departments = [department('new-unit')];
    state.version = 'v2';
    state.t = 2_000;
    const seen = await cache.current();
    expect(state.loads).toBe(2);
    expect(seen.departmentByCode.has('new-unit')).toBe(true);
  });

  it('shares one version read among concurrent callers', async () => {
    const { state, cache } = setup();
    await cache.current();
    state.t = 5_000;
    await Promise.all(Array.from({ length: 20 }, () => cache.current()));
    expect([state.loads, state.versionReads]).toEqual([1, 2]);
  });

  it('reloads after the TTL and after invalidate(), version or not', async () => {
    const { state, cache } = setup({ withVersion: false });
    await cache.current();
    state.t = 29_999;
    await cache.current();
    expect(state.loads).toBe(1);
    state.t = 30_000;
    await cache.current();
    expect(state.loads).toBe(2);
    cache.invalidate();
    await cache.current();
    expect(state.loads).toBe(3);
  });
});
