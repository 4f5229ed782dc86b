/** Staff sign-in: `POST/GET/DELETE /api/v1/session`. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuthenticationRequiredError } from '../../../domain/errors.ts';
import type { Services } from '../../../services/container.ts';
import { requireActor, SESSION_COOKIE } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';
import { presentActor, SessionView } from './session.presenter.ts';

export const sessionRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  cookieSecure: boolean;
}> = async (app, { services, cookieSecure }) => {
  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in',
        description: 'Checks login and password and sets an HttpOnly, SameSite=Lax session cookie.',
        body: Type.Object(
          {
            login: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionView, ...problems(400, 401, 429) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { secret, userId, expiresAt } = await services.signIn(
        request.body.login,
        request.body.password,
      );
      const actor = await services.authenticate({ sessionSecret: secret });
      if (!actor) throw new AuthenticationRequiredError(`The account ${userId} cannot sign in.`);
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        expires: expiresAt,
      });
      return presentActor(actor);
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The current session',
        response: { 200: SessionView, ...problems(401) },
      },
    },
    async (request) => presentActor(requireActor(request)),
  );

  app.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await services.signOut(secret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};
