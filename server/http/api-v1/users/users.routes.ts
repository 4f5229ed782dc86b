/** Staff accounts (admin): list within scope, create with role grants, change or deactivate. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ForbiddenError, NotFoundError } from '../../../domain/errors.ts';
import { ROLES } from '../../../domain/org/role.ts';
import { scopeCoversArea, scopeOf, type Actor } from '../../../domain/org/scope.ts';
import type { Services } from '../../../services/container.ts';
import type { UserWithGrants } from '../../../storage/stores/user-store.ts';
import { requireRoles } from '../../plugins/auth.ts';
import { problems, Ref } from '../common.schemas.ts';
import { decodeCursor, encodeCursor } from '../page-cursor.ts';

const UserView = Type.Object(
  {
    id: Type.String(),
    login: Type.String(),
    displayName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    version: Type.Integer({
      minimum: 1,
      description: 'Bumped by every change; send it back with a PATCH',
    }),
    roles: Type.Array(
      Type.Object({
        role: Type.String(),
        area: Type.Optional(Ref),
        department: Type.Optional(Ref),
      }),
    ),
  },
  { $id: 'User' },
);

/** One role grant as a caller names it: the area or department by id or code. */
const Grant = Type.Object(
  {
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    area: Type.Optional(Type.String({ maxLength: 64, description: 'Area id or code' })),
    department: Type.Optional(Type.String({ maxLength: 64, description: 'Department id or code' })),
  },
  { additionalProperties: false },
);

function presentUser(user: UserWithGrants) {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    email: user.email,
    active: user.active,
    version: user.version,
    roles: user.grants.map((g) => ({
      role: g.role,
      ...(g.area ? { area: { id: g.area.id, code: g.area.code } } : {}),
      ...(g.department ? { department: { id: g.department.id, code: g.department.code } } : {}),
    })),
  };
}

export const usersRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { users, org, areas } = services.stores;

  /**
   * The staff an admin manages: holders of a role inside its area subtrees, and department
   * staff, since departments serve the whole city and so concern every admin.
   */
  async function staffScope(actor: Actor) {
    const departmentIds = (await org.listDepartments()).map((d) => d.id);
    return { ...scopeOf(actor, ['admin']), departmentIds };
  }

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Staff in your scope (admin)',
        description:
          'Accounts holding a role inside the admin’s area subtrees, or on a department, ordered by login ' +
          '(then id). `q` matches a part of the login, display name or e-mail, ignoring case (`%` and `_` ' +
          'match themselves); `role` keeps accounts holding that role; `active` keeps active or deactivated ' +
          'ones. Paged by an opaque cursor: pass `nextCursor` back as `cursor` until it is null.',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))),
          active: Type.Optional(Type.Boolean()),
          cursor: Type.Optional(
            Type.String({ maxLength: 400, description: 'The `nextCursor` of the page before' }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(UserView),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { q, role, active, cursor, limit } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 2);
      const list = await users.listUsersInScope(
        await staffScope(requireRoles(request, ['admin'])),
        {
          q: q?.trim() || undefined,
          role,
          active,
          after: after && { login: after[0] as string, id: after[1] as string },
          limit: limit + 1,
        },
      );
      const page = list.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(presentUser),
        nextCursor: list.length > limit && last ? encodeCursor([last.login, last.id]) : null,
      };
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One staff account in your scope (admin)',
        description:
          'The account as the list shows it (the same scope rule), with its current `version`: what an edit ' +
          'form reloads after a 409. 404 when there is no such account or it holds no role in your scope.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: UserView, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const [user] = await users.listUsersInScope(
        await staffScope(requireRoles(request, ['admin'])),
        { id: request.params.id, limit: 1 },
      );
      if (!user) throw new NotFoundError(`No user "${request.params.id}" in your scope.`);
      return presentUser(user);
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a staff account (admin)',
        description: 'Area grants must lie inside the admin’s own area subtrees.',
        body: Type.Object(
          {
            login: Type.String({ minLength: 2, maxLength: 64 }),
            displayName: Type.Optional(Type.String({ maxLength: 100 })),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            password: Type.String({ minLength: 10, maxLength: 200 }),
            roles: Type.Array(Grant, { maxItems: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserView, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireRoles(request, ['admin']);
      const scope = scopeOf(actor, ['admin']);
      for (const grant of request.body.roles) {
        if (!grant.area) continue;
        const area = (await areas.findById(grant.area)) ?? (await areas.findByCode(grant.area));
        if (area && !scopeCoversArea(scope, area.path)) {
          throw new ForbiddenError(`The area "${grant.area}" is outside your scope.`);
        }
      }
      const id = await services.createUser({ ...request.body, grants: request.body.roles }, actor);
      const created = await users.findWithGrants(id);
      return reply.code(201).send(presentUser(created as UserWithGrants));
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a staff account (admin)',
        description:
          'Name, e-mail, `active` (false: the account can no longer sign in and its sessions end) and `roles` ' +
          '(the complete new list of grants). Only for users whose every grant lies in the admin’s scope; new area ' +
          'grants must lie inside it too. An admin can neither deactivate itself nor change its own roles. ' +
          '`version` is the one the admin read: when someone else changed the account since, the answer is ' +
          '409 (`stale-version`) and nothing changes; every change bumps it. Audited.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
            displayName: Type.Optional(Type.String({ maxLength: 100 })),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            active: Type.Optional(Type.Boolean()),
            roles: Type.Optional(Type.Array(Grant, { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireRoles(request, ['admin']);
      await services.updateUser(actor, request.params.id, request.body);
      const updated = await users.findWithGrants(request.params.id);
      if (!updated) throw new NotFoundError(`No user "${request.params.id}".`);
      return presentUser(updated);
    },
  );
};
