import { describe, expect, it } from 'vitest';
import type { AreaSummary } from '../storage/stores/area-store.ts';
import { createAreaLocator } from './area-locator.ts';

const summary = (id: string, nameEn: string): AreaSummary => ({
  id,
  code: `code-${id}`,
  parentId: null,
  level: 'grid',
  nameZh: `网格${id}`,
  nameEn,
  path: [id],
});

/** A locator over a store that counts its reads, with a clock and a version the test moves. */
function setup() {
  const state = {
    t: 0,
    version: 'v1',
    names: new Map([
      ['a', 'Grid A'],
      ['b', 'Grid B'],
    ]),
    reads: [] as string[][],
  };
  const locator = createAreaLocator({
    areas: {
      readVersion: async () => state.version,
      listLocatable: async () => [],
      findSummariesByIds: async (ids) => {
        state.reads.push([...ids]);
        return ids.flatMap((id) => {
          const name = state.names.get(id);
          return name ? [summary(id, name)] : [];
        });
      },
    },
    recheckMs: 1_000,
    now: () => state.t,
  });
  return { state, locator };
}

describe('area locator summaries', () => {
  it('reads an area once, answers in the order asked, and leaves unknown ids out', async () => {
    const { state, locator } = setup();
    await locator.refresh();
    expect((await locator.summaries(['b', 'x', 'a'])).map((a) => a.nameEn)).toEqual([
      'Grid B',
      'Grid A',
    ]);
    expect((await locator.summaries(['a'])).map((a) => a.nameEn)).toEqual(['Grid A']);
    expect((await locator.summaries(['a', 'b'])).map((a) => a.id)).toEqual(['a', 'b']);
    // Only the first call read; an unknown id is asked again (it may have been imported).
    expect(state.reads).toEqual([['b', 'x', 'a']]);
    await locator.summaries(['x']);
    expect(state.reads).toEqual([['b', 'x', 'a'], ['x']]);
  });

  it('forgets them when the area tree changes, here or on another instance', async () => {
    const { state, locator } = setup();
    await locator.refresh();
    await locator.summaries(['a']);
    state.names.set('a', 'Grid A (renamed)');
    // Another instance imported areas: seen at the next recheck.
    state.version = 'v2';
    expect((await locator.summaries(['a']))[0]?.nameEn).toBe('Grid A');
    state.t += 1_000;
    expect((await locator.summaries(['a']))[0]?.nameEn).toBe('Grid A (renamed)');
    // An import through this process refreshes at once.
    state.names.set('a', 'Grid A (again)');
    await locator.refresh();
    expect((await locator.summaries(['a']))[0]?.nameEn).toBe('Grid A (again)');
  });
});
