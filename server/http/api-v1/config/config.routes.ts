/** The public part of the configuration that the web app needs before anyone signs in. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** What the public configuration is read from. */
export interface ConfigRoutesOptions {
  /** Base-map tile URL template, or null when the map draws cells on a plain background. */
  tileUrl: string | null;
}

const PublicConfig = Type.Object({
  tileUrl: Type.Union([Type.String(), Type.Null()], {
    description:
      'Leaflet tile URL template (`{z}`, `{x}`, `{y}`) from CIVICGRID_TILE_URL; null: no base map, the grid cells are drawn on a plain background',
  }),
});

export const configRoutes: FastifyPluginAsyncTypebox<ConfigRoutesOptions> = async (
  app,
  { tileUrl },
) => {
  app.get(
    '/config/public',
    {
      schema: {
        tags: ['system'],
        summary: 'Public configuration of the web app',
        description: 'Settings the web app reads at start; nothing secret. No sign-in needed.',
        response: { 200: PublicConfig },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { tileUrl };
    },
  );
};
