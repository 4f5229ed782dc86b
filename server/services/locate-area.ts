/** Answers which area contains a point, with its ancestors (root first). */
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { AreaStore, AreaSummary } from '../storage/stores/area-store.ts';
import type { AreaLocator } from './area-locator.ts';

/** Builds the locate use case. */
export function createLocateArea(deps: {
  locator: Pick<AreaLocator, 'current'>;
  areas: Pick<AreaStore, 'findSummariesByIds'>;
}) {
  /**
   * The deepest area containing (lon, lat) and its ancestors, root first.
   * @throws ValidationError for coordinates out of range; NotFoundError outside every area.
   */
  return async function locateArea(
    lat: number,
    lon: number,
  ): Promise<{ area: AreaSummary; ancestors: AreaSummary[] }> {
    if (
      !Number.isFinite(lat) ||
      lat < -90 ||
      lat > 90 ||
      !Number.isFinite(lon) ||
      lon < -180 ||
      lon > 180
    ) {
      throw new ValidationError('Coordinates are out of range.', [
        ...(Number.isFinite(lat) && lat >= -90 && lat <= 90
          ? []
          : [{ field: '/lat', message: 'must be from -90 to 90' }]),
        ...(Number.isFinite(lon) && lon >= -180 && lon <= 180
          ? []
          : [{ field: '/lon', message: 'must be from -180 to 180' }]),
      ]);
    }
    const index = await deps.locator.current();
    const id = index.locate(lon, lat);
    if (!id) throw new NotFoundError(`No area contains the point (${lat}, ${lon}).`);
    const lineage = index.lineage(id);
    const found = new Map((await deps.areas.findSummariesByIds(lineage)).map((a) => [a.id, a]));
    const chain = lineage
      .map((areaId) => found.get(areaId))
      .filter((a): a is AreaSummary => a !== undefined);
    const area = chain.pop();
    if (!area) throw new NotFoundError(`No area contains the point (${lat}, ${lon}).`);
    return { area, ancestors: chain };
  };
}
