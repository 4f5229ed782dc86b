/** Imports an area file (GeoJSON): all features are written, or none. */
import { parseAreaFile } from '../domain/areas/area-file.ts';
import type { GridNumberWidth } from '../domain/areas/area-code.ts';
import type { Clock } from '../domain/ports.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AreaLocator } from './area-locator.ts';

/** Builds the import use case. */
export function createImportAreas(deps: {
  areas: Pick<AreaStore, 'listKnown' | 'upsertDrafts'>;
  locator: Pick<AreaLocator, 'refresh'>;
  clock: Clock;
  gridNumberWidth: GridNumberWidth;
}) {
  /**
   * Validates the whole file, then inserts new areas and updates existing ones (by code)
   * in one transaction, and rebuilds the location index.
   * @throws ValidationError naming each bad feature; nothing is written then.
   */
  return async function importAreas(file: unknown): Promise<{ created: number; updated: number }> {
    const drafts = parseAreaFile(file, await deps.areas.listKnown(), deps.gridNumberWidth);
    const result = await deps.areas.upsertDrafts(drafts, deps.clock.now());
    await deps.locator.refresh();
    return result;
  };
}
