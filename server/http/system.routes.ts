/** Liveness, readiness, problem-type explanations and the placeholder home page. */
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../storage/database.ts';
import type { Services } from '../services/container.ts';
import { PROBLEM_HELP, PROBLEMS, type ProblemCode } from './problems.ts';
import { sendProblem } from './plugins/problem-details.ts';

const HOME = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>civicgrid 网格事件管理</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1b2733; }
  h1 { font-size: 1.6rem; } a { color: #0b5cad; } code { background: #eef2f6; padding: 0 .25rem; border-radius: 3px; }
</style>
</head>
<body>
<main>
<h1>civicgrid</h1>
<p lang="zh-CN">按网格管理社区事件：居民与网格员上报问题，系统按位置分配到网格、按类别分派到责任部门，并跟踪处置、答复与核查。</p>
<p lang="en">Community case management by neighbourhood grid: residents and grid staff report local problems; each report is routed by location to its grid cell and by category to the responsible department, then tracked to a written answer.</p>
<p>The web app is on its way. Until then: <a href="/api/v1/docs">API documentation / 接口文档</a> ·
<a href="/api/v1/openapi.json">OpenAPI</a> · <a href="/readyz">status / 状态</a></p>
</main>
</body>
</html>`;

export async function systemRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(HOME),
  );

  app.get(
    '/healthz',
    { schema: { tags: ['system'], summary: 'Liveness: the process answers' } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers and the area index is built',
      },
    },
    async (request, reply) => {
      const database = await pingDatabase(services.db);
      if (!database) {
        return sendProblem(reply, request, 'service-unavailable', 'The database does not answer.');
      }
      const index = await services.locator.current();
      return { status: 'ready', database: services.db.dialect, indexedPolygons: index.size };
    },
  );

  app.get<{ Params: { code: string } }>(
    '/problems/:code',
    { schema: { hide: true } },
    async (request, reply) => {
      const code = request.params.code as ProblemCode;
      if (!(code in PROBLEMS))
        return sendProblem(
          reply,
          request,
          'not-found',
          `No problem type "${request.params.code}".`,
        );
      return {
        type: `/problems/${code}`,
        code,
        ...PROBLEMS[code],
        description: PROBLEM_HELP[code],
      };
    },
  );
}
