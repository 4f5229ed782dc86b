/**
 * The route table of the app under test, read from the app itself: a test mocks `fastify`
 * with `fastifyWithRouteTable`, whose instances add every route they register (HEAD, which
 * Fastify adds to each GET, left out) to `routeTable` as `METHOD /url`.
 *
 *   vi.mock('fastify', async (importOriginal) =>
 *     (await import('../support/route-table.ts')).fastifyWithRouteTable(importOriginal),
 *   );
 */
import type { FastifyInstance } from 'fastify';

export const routeTable = new Set<string>();

export async function fastifyWithRouteTable(importOriginal: <T>() => Promise<T>) {
  const actual = await importOriginal<{ default: (...args: unknown[]) => FastifyInstance }>();
  const withRouteTable = (...args: unknown[]) => {
    const app = actual.default(...args);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routeTable.add(`${method} ${route.url}`);
      }
    });
    return app;
  };
  return { ...actual, default: withRouteTable, fastify: withRouteTable };
}
