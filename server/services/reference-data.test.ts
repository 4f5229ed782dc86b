import { describe, expect, it } from 'vitest';
import type { Department } from '../domain/org/category.ts';
import { createReferenceData } from './reference-data.ts';

/** A cache over stores that count their loads, a stored version and a clock the test moves. */
function setup(options: { withVersion?: boolean } = {}) {
  const state = {
    t: 0,
    version: 'v1',
    failReads: false,
    loads: 0,
    versionReads: 0,
    departments: [] as Department[],
  };
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
              if (state.failReads) throw new Error('database unreachable');
              return state.version;
            },
          },
    ttlMs: 30_000,
    recheckMs: 1_000,
    now: () => state.t,
  });
  return { state, cache };
}

/** Lets background checks and reloads finish (the fake stores answer at once). */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

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

  it('compares the stored version after the interval, off the request path, and reloads only when it moved', async () => {
    const { state, cache } = setup();
    await cache.current();
    state.t = 1_000;
    await cache.current();
    await flush();
    expect([state.loads, state.versionReads]).toEqual([1, 2]);
    state.t = 1_500;
    await cache.current();
    await flush();
    expect(state.versionReads).toBe(2);

    state.departments = [department('new-unit')];
    state.version = 'v2';
    state.t = 2_000;
    // The caller that notices keeps the snapshot it has; the next one gets the new data.
    expect((await cache.current()).departmentByCode.has('new-unit')).toBe(false);
    await flush();
    expect(state.loads).toBe(2);
    expect((await cache.current()).departmentByCode.has('new-unit')).toBe(true);
  });

  it('shares one version read among concurrent callers', async () => {
    const { state, cache } = setup();
    await cache.current();
    state.t = 5_000;
    await Promise.all(Array.from({ length: 20 }, () => cache.current()));
    await flush();
    expect([state.loads, state.versionReads]).toEqual([1, 2]);
  });

  it('keeps serving the snapshot when the version cannot be read, and tries again later', async () => {
    const { state, cache } = setup();
    await cache.current();
    const failing = state.version;
    state.version = 'unreadable';
    state.failReads = true;
    state.t = 1_000;
    await cache.current();
    await flush();
    expect(state.loads).toBe(1);
    state.failReads = false;
    state.version = failing;
    state.t = 2_000;
    await cache.current();
    await flush();
    expect([state.loads, state.versionReads]).toEqual([1, 3]);
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
