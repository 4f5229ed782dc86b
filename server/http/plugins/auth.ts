/**
 * Who is calling: a bearer token, or the HttpOnly session cookie. `request.actor` is the
 * signed-in actor or null; routes demand more with `requireActor` / `requireRoles`.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticationRequiredError } from '../../domain/errors.ts';
import type { Role } from '../../domain/org/role.ts';
import { requireRole, type Actor } from '../../domain/org/scope.ts';
import type { Services } from '../../services/container.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'civicgrid_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The signed-in actor. @throws AuthenticationRequiredError for anonymous callers. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AuthenticationRequiredError('Sign in or present a bearer token.');
  return request.actor;
}

/**
 * The signed-in actor holding one of `roles`.
 * @throws AuthenticationRequiredError for anonymous callers; ForbiddenError otherwise.
 */
export function requireRoles(request: FastifyRequest, roles: readonly Role[]): Actor {
  const actor = requireActor(request);
  requireRole(actor, roles);
  return actor;
}

function bearerOf(request: FastifyRequest): string | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? (match[1] as string) : null;
}

export const auth = fp(
  async (app: FastifyInstance, options: { services: Services }) => {
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      request.actor = null;
      if (!request.url.startsWith('/api/')) return;
      const bearer = bearerOf(request);
      if (bearer === null)
        throw new AuthenticationRequiredError('The Authorization header must be "Bearer <token>".');
      if (bearer !== undefined) {
        request.actor = await options.services.authenticate({ bearerToken: bearer });
        // A presented but unknown token is an error, never a silent fall-back to anonymous.
        if (!request.actor)
          throw new AuthenticationRequiredError('The bearer token is unknown, revoked or expired.');
        return;
      }
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) request.actor = await options.services.authenticate({ sessionSecret: secret });
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);
