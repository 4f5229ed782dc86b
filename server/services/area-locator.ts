/**
 * The location index of the running process. It is built from the stored areas at start
 * and rebuilt when the area tree changes: at once after an import through this process,
 * and within `recheckMs` after a change made by another instance (the stored
 * `areas_version` is compared at most that often). It also keeps the areas' names and
 * codes as they are read (`summaries`), forgotten with the index, so an intake answer
 * does not read its cell's name each time.
 */
import { buildAreaIndex, createAreaIndexBuilder, type AreaIndex } from '../domain/areas/locate.ts';
import type { AreaStore, AreaSummary } from '../storage/stores/area-store.ts';

/** Areas read per page when the index is built. */
const PAGE = 5000;
/** Area summaries kept at most; all are forgotten when there would be more. */
const SUMMARIES = 20_000;

/** Builds the locator; call `refresh()` once before use. */
export function createAreaLocator(deps: {
  areas: Pick<AreaStore, 'listLocatable' | 'readVersion' | 'findSummariesByIds'>;
  recheckMs?: number;
  now?: () => number;
}) {
  const recheckMs = deps.recheckMs ?? 5_000;
  const now = deps.now ?? Date.now;
  let index: AreaIndex = buildAreaIndex([]);
  let version = '';
  let checkedAt = -Infinity;
  let pending: Promise<void> | null = null;
  let summaries = new Map<string, AreaSummary>();

  async function rebuild(): Promise<void> {
    const nextVersion = await deps.areas.readVersion();
    // Page by page, only the fields the index keeps, each page packed into the builder
    // before the next is read: with 100,000 grid cells, the parsed GeoJSON of every cell
    // at once grew the heap by some 150 MB that the process never gave back.
    const builder = createAreaIndexBuilder();
    let after: string | null = null;
    for (;;) {
      const page = await deps.areas.listLocatable(after, PAGE);
      for (const area of page) builder.add(area);
      after = page[page.length - 1]?.id ?? after;
      if (page.length < PAGE) break;
    }
    index = builder.finish();
    version = nextVersion;
    summaries = new Map();
    checkedAt = now();
  }

  async function ensureFresh(): Promise<void> {
    if (now() - checkedAt < recheckMs) return;
    pending ??= (async () => {
      try {
        const stored = await deps.areas.readVersion();
        if (stored !== version) await rebuild();
        else checkedAt = now();
      } finally {
        pending = null;
      }
    })();
    await pending;
  }

  return {
    /** Rebuilds the index from storage now. */
    refresh: rebuild,
    /** The current index, rechecked against storage when it may be stale. */
    async current(): Promise<AreaIndex> {
      await ensureFresh();
      return index;
    },
    /** Areas by id without boundaries, in the order asked (unknown ids left out). */
    async summaries(ids: readonly string[]): Promise<AreaSummary[]> {
      await ensureFresh();
      const missing = ids.filter((id) => !summaries.has(id));
      if (missing.length > 0) {
        const kept = summaries;
        const found = await deps.areas.findSummariesByIds([...new Set(missing)]);
        // Read before a rebuild that forgot them: not kept.
        if (kept === summaries) {
          if (summaries.size + found.length > SUMMARIES) summaries = new Map();
          for (const area of found) summaries.set(area.id, area);
        }
        return ids.flatMap((id) => summaries.get(id) ?? found.find((a) => a.id === id) ?? []);
      }
      return ids.flatMap((id) => summaries.get(id) ?? []);
    },
  };
}

export type AreaLocator = ReturnType<typeof createAreaLocator>;
