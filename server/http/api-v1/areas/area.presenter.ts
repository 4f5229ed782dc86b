/** How areas are shown to clients. */
import { Type, type Static } from '@sinclair/typebox';
import { AREA_LEVELS, type Area } from '../../../domain/areas/area.ts';
import type { AreaSummary } from '../../../storage/stores/area-store.ts';

const Level = Type.Union(AREA_LEVELS.map((l) => Type.Literal(l)));

export const AreaView = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    level: Level,
    nameZh: Type.String(),
    nameEn: Type.String(),
  },
  { $id: 'Area' },
);

export const Geometry = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Any()),
  },
  { $id: 'Geometry', description: 'GeoJSON Polygon or MultiPolygon (WGS 84)' },
);

export const AreaDetailView = Type.Composite([
  Type.Omit(AreaView, []),
  Type.Object({
    boundary: Type.Union([Type.Ref('Geometry'), Type.Null()]),
    ancestors: Type.Array(Type.Ref('Area')),
    staff: Type.Optional(
      Type.Array(
        Type.Object({ userId: Type.String(), displayName: Type.String(), role: Type.String() }),
        {
          description: 'Staff granted a role on this area; shown to signed-in staff only.',
        },
      ),
    ),
  }),
]);

/** An area without its boundary. */
export function presentArea(area: AreaSummary | Area): Static<typeof AreaView> {
  return {
    id: area.id,
    code: area.code,
    parentId: area.parentId,
    level: area.level,
    nameZh: area.nameZh,
    nameEn: area.nameEn,
  };
}
