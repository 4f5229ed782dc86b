/** The area tree: list, locate, one area, boundaries, import. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AREA_LEVELS, type AreaLevel } from '../../../domain/areas/area.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import type { Services } from '../../../services/container.ts';
import { requireRoles } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';
import { AreaDetailView, AreaView, presentArea } from './area.presenter.ts';

const Level = Type.Union(AREA_LEVELS.map((l) => Type.Literal(l)));

export const areasRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  importBodyLimit: number;
}> = async (app, { services, importBodyLimit }) => {
  const { areas, users } = services.stores;

  app.get(
    '/areas',
    {
      schema: {
        tags: ['areas'],
        summary: 'List areas',
        description:
          'Areas by parent and level, ordered by code; page with `after` (the last code seen).',
        querystring: Type.Object({
          parent: Type.Optional(
            Type.String({ maxLength: 64, description: 'Parent id, or "root" for roots' }),
          ),
          level: Type.Optional(Level),
          after: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Area')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problems(400),
        },
      },
    },
    async (request) => {
      const { parent, level, after, limit } = request.query;
      const items = await areas.listAreas({
        parentId: parent === 'root' ? null : parent,
        level: level as AreaLevel | undefined,
        after,
        limit: limit + 1,
      });
      const page = items.slice(0, limit);
      return {
        items: page.map(presentArea),
        nextCursor: items.length > limit ? (page[page.length - 1]?.code ?? null) : null,
      };
    },
  );

  app.get(
    '/areas/locate',
    {
      schema: {
        tags: ['areas'],
        summary: 'Locate a point',
        description: 'The deepest area containing the point, with its ancestors (root first).',
        querystring: Type.Object({
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
        }),
        response: {
          200: Type.Object({ area: Type.Ref('Area'), ancestors: Type.Array(Type.Ref('Area')) }),
          ...problems(400, 404),
        },
      },
    },
    async (request) => {
      const { area, ancestors } = await services.locateArea(request.query.lat, request.query.lon);
      return { area: presentArea(area), ancestors: ancestors.map(presentArea) };
    },
  );

  app.get(
    '/areas/boundaries',
    {
      schema: {
        tags: ['areas'],
        summary: 'Area boundaries as GeoJSON',
        description:
          'A FeatureCollection in the area-file format (`code`, `parentCode`, `level`, `nameZh`, `nameEn`, plus `id`), ' +
          'optionally one level or one subtree. Importable again with POST /areas/import.',
        querystring: Type.Object({
          level: Type.Optional(Level),
          within: Type.Optional(
            Type.String({
              maxLength: 64,
              description: 'Only this area (id or code) and its subtree',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            type: Type.Literal('FeatureCollection'),
            features: Type.Array(Type.Any()),
          }),
          ...problems(400, 404),
        },
      },
    },
    async (request) => {
      const { level, within } = request.query;
      let root: { path: string[] } | undefined;
      if (within) {
        root = (await areas.findById(within)) ?? (await areas.findByCode(within));
        if (!root) throw new NotFoundError(`No area "${within}".`);
      }
      const file = await services.exportAreas({
        level: level as AreaLevel | undefined,
        withinPath: root?.path,
      });
      return file;
    },
  );

  app.post(
    '/areas/import',
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags: ['areas'],
        summary: 'Import an area file (admin)',
        description:
          'A GeoJSON FeatureCollection; every feature is validated (closed rings, valid coordinates, known parent, ' +
          'unique code, code pattern) and the file is written all or nothing. Existing codes are updated.',
        body: Type.Object({ type: Type.String(), features: Type.Array(Type.Any()) }),
        response: {
          200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
          ...problems(400, 401, 403, 413),
        },
      },
    },
    async (request) => {
      return services.importAreas(request.body, requireRoles(request, ['admin']));
    },
  );

  app.get(
    '/areas/:id',
    {
      schema: {
        tags: ['areas'],
        summary: 'One area',
        description:
          'The area (by id or code) with its GeoJSON boundary, its ancestors and, for signed-in staff, its staff.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: AreaDetailView, ...problems(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const area = (await areas.findById(id)) ?? (await areas.findByCode(id));
      if (!area) throw new NotFoundError(`No area "${id}".`);
      const lineage = await areas.findSummariesByIds(area.path.slice(0, -1));
      const byId = new Map(lineage.map((a) => [a.id, a]));
      const ancestors = area.path.slice(0, -1).flatMap((ancestorId) => {
        const found = byId.get(ancestorId);
        return found ? [presentArea(found)] : [];
      });
      const staffVisible = request.actor !== null && request.actor.grants.length > 0;
      return {
        ...presentArea(area),
        boundary: area.boundary,
        ancestors,
        ...(staffVisible ? { staff: await users.listStaffOfArea(area.id) } : {}),
      };
    },
  );
};

export const areaSchemas = [AreaView];
