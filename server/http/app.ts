/**
 * Builds the Fastify app: plugins, then the routes of each resource. `main.ts` and the
 * tests call the same function with a config and an open, migrated database.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import type { Services } from '../services/container.ts';
import { areasRoutes } from './api-v1/areas/areas.routes.ts';
import { attachmentsRoutes } from './api-v1/attachments/attachments.routes.ts';
import { auditRoutes } from './api-v1/audit/audit.routes.ts';
import { casesRoutes } from './api-v1/cases/cases.routes.ts';
import { configRoutes } from './api-v1/config/config.routes.ts';
import { CaseView } from './api-v1/cases/cases.schemas.ts';
import { notificationsRoutes } from './api-v1/notifications/notifications.routes.ts';
import { policiesRoutes } from './api-v1/policies/policies.routes.ts';
import { statsRoutes } from './api-v1/stats/stats.routes.ts';
import { Geometry, AreaView } from './api-v1/areas/area.presenter.ts';
import { Problem } from './api-v1/common.schemas.ts';
import { dutyRoutes } from './api-v1/duty/duty.routes.ts';
import { orgRoutes } from './api-v1/org/org.routes.ts';
import { handleOpen311Error } from './open311/open311.errors.ts';
import { open311Routes } from './open311/open311.routes.ts';
import { orgSchemas } from './api-v1/org/org.presenter.ts';
import { SessionView } from './api-v1/session/session.presenter.ts';
import { sessionRoutes } from './api-v1/session/session.routes.ts';
import { tokensRoutes } from './api-v1/tokens/tokens.routes.ts';
import { assignableRoutes } from './api-v1/users/assignable.routes.ts';
import { usersRoutes } from './api-v1/users/users.routes.ts';
import { webhooksRoutes } from './api-v1/webhooks/webhooks.routes.ts';
import { auth } from './plugins/auth.ts';
import { finiteNumbers } from './plugins/finite-numbers.ts';
import { noNulCharacters } from './plugins/no-nul-characters.ts';
import { metrics } from './plugins/metrics.ts';
import { problemDetails, sendFrameworkProblem } from './plugins/problem-details.ts';
import { systemRoutes } from './system.routes.ts';
import { webAppRoutes } from './web-app.routes.ts';

/** What the app is built from. */
export interface AppOptions {
  config: Pick<
    Config,
    'logLevel' | 'bodyLimitBytes' | 'cookieSecure' | 'trustProxy' | 'uploadLimitBytes'
  > &
    Partial<Pick<Config, 'tileUrl'>>;
  services: Services;
  /** The built web app's folder (default `web/dist`). */
  webRoot?: string;
  /** Pino logger options override (tests pass `false`). */
  logger?: boolean | object;
}

/** The OpenAPI document's fixed parts. */
export const OPENAPI_INFO = {
  title: 'civicgrid API',
  version: '1.0.0',
  description:
    'Community case management by neighbourhood grid. Errors are RFC 9457 problem+json with stable `code`s ' +
    '(see `/problems/<code>`). Staff authenticate with the session cookie (POST /api/v1/session) or a bearer token.',
};

/** Builds the app; call `ready()` (or `listen()`) before use. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, services } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    // URLs the router cannot read get the same error shapes as every other refusal.
    frameworkErrors: (error, request, reply) =>
      request.url.startsWith('/open311/v2')
        ? handleOpen311Error(error, request, reply)
        : sendFrameworkProblem(error, request, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(problemDetails);
  await app.register(metrics, { lastJobSuccess: () => services.stores.jobRuns.lastSuccess() });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(auth, { services });
  await app.register(finiteNumbers);
  await app.register(noNulCharacters);

  for (const schema of [Problem, AreaView, Geometry, SessionView, CaseView, ...orgSchemas])
    app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: OPENAPI_INFO,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'civicgrid_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs' });

  await app.register(systemRoutes, { services });
  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(configRoutes, { tileUrl: config.tileUrl ?? null });
      await api.register(sessionRoutes, { services, cookieSecure: config.cookieSecure });
      await api.register(areasRoutes, { services, importBodyLimit: 64 * 1024 * 1024 });
      await api.register(orgRoutes, { services });
      await api.register(usersRoutes, { services });
      await api.register(assignableRoutes, { services });
      await api.register(dutyRoutes, { services });
      await api.register(tokensRoutes, { services });
      await api.register(casesRoutes, { services });
      await api.register(statsRoutes, { services });
      await api.register(notificationsRoutes, { services });
      await api.register(policiesRoutes, { services });
      await api.register(webhooksRoutes, { services });
      await api.register(auditRoutes, { services: { audit: services.stores.audit } });
      await api.register(attachmentsRoutes, {
        services: {
          uploadAttachment: services.uploadAttachment,
          attachments: services.stores.attachments,
          blobs: services.blobs,
          canReadCase: services.canReadCase,
        },
        maxBytes: config.uploadLimitBytes,
      });
    },
    { prefix: '/api/v1' },
  );
  await app.register(open311Routes, {
    prefix: '/open311/v2',
    services,
    jurisdictionId: (config as Partial<Config>).open311JurisdictionId ?? null,
  });
  await app.register(webAppRoutes, options.webRoot ? { root: options.webRoot } : {});
  return app;
}
