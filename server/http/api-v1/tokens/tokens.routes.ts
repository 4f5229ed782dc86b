/** API tokens (admin): bearer tokens for machines, also Open311 `api_key`s. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/container.ts';
import { requireRoles } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';

const TokenView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    userId: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Token' },
);

export const tokensRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (admin)',
        description:
          'The token acts as `user` (default: the admin). Its secret is shown once, in this answer.',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            user: Type.Optional(
              Type.String({ maxLength: 64, description: 'User id; default the caller' }),
            ),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Composite([TokenView, Type.Object({ secret: Type.String() })]),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = requireRoles(request, ['admin']);
      const created = await services.tokens.createTokenFor(actor, {
        name: request.body.name,
        userId: request.body.user ?? actor.userId,
        expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (admin)',
        response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const actor = requireRoles(request, ['admin']);
      return { items: await services.tokens.listTokensFor(actor) };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (admin)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireRoles(request, ['admin']);
      await services.tokens.revokeTokenFor(actor, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
