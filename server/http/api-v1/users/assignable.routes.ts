/**
 * Staff a case may be assigned to: what a dispatcher needs to choose a handler by name, and
 * nothing more (no login, e-mail or grants elsewhere).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ValidationError } from '../../../domain/errors.ts';
import { DEPARTMENT_ROLES, type Role } from '../../../domain/org/role.ts';
import type { Services } from '../../../services/container.ts';
import { requireRoles } from '../../plugins/auth.ts';
import { problems, Ref } from '../common.schemas.ts';

/** Who may look up assignable staff: those who dispatch, those who oversee them, admins. */
export const ASSIGNING_ROLES: readonly Role[] = [
  'dispatcher',
  'grid_leader',
  'supervisor',
  'admin',
];

const AssignableStaffView = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  department: Ref,
  roles: Type.Array(Type.Union(DEPARTMENT_ROLES.map((r) => Type.Literal(r)))),
});

export const assignableRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { users } = services.stores;

  app.get(
    '/users/assignable',
    {
      schema: {
        tags: ['users'],
        summary: 'Staff a case may be assigned to (dispatchers, supervisors, admins)',
        description:
          'Active handlers (and department heads) of one department, by display name, for choosing the handler ' +
          'of a dispatch. Departments serve the whole city, so the list is the same for every scope. Shows ids, ' +
          'display names and roles on that department only.',
        querystring: Type.Object(
          {
            department: Type.String({
              minLength: 1,
              maxLength: 64,
              description: 'Department id or code',
            }),
            role: Type.Optional(
              Type.Union(
                DEPARTMENT_ROLES.map((r) => Type.Literal(r)),
                { description: 'Only this role (default: both)' },
              ),
            ),
            q: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description: 'A part of the display name',
              }),
            ),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AssignableStaffView) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      requireRoles(request, ASSIGNING_ROLES);
      const { department: wanted, role, q, limit } = request.query;
      const ref = await services.reference.current();
      const department = ref.departmentById.get(wanted) ?? ref.departmentByCode.get(wanted);
      if (!department) {
        throw new ValidationError(`There is no department "${wanted}".`, [
          { field: '/department', message: 'unknown department' },
        ]);
      }
      const trimmed = q?.trim();
      const items = await users.listAssignableStaff({
        departmentId: department.id,
        roles: role ? [role] : DEPARTMENT_ROLES,
        q: trimmed ? trimmed : undefined,
        limit,
      });
      return {
        items: items.map((s) => ({
          id: s.id,
          displayName: s.displayName,
          department: { id: department.id, code: department.code },
          roles: s.roles as ('handler' | 'department_head')[],
        })),
      };
    },
  );
};
