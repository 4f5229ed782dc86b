/** Liveness, readiness and problem-type explanations (the web app serves `/`). */
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../storage/database.ts';
import type { Services } from '../services/container.ts';
import { PROBLEM_HELP, PROBLEMS, type ProblemCode } from './problems.ts';
import { sendProblem } from './plugins/problem-details.ts';

export async function systemRoutes(app: FastifyInstance, { services }: { services: Services }) {
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
