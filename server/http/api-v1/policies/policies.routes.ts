/** Administration of SLA policies, the calendar's holidays and routing overrides. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { STAGES } from '../../../domain/cases/case.ts';
import { PRIORITIES } from '../../../domain/org/category.ts';
import type { Services } from '../../../services/container.ts';
import { requireActor, requireRoles } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';

const Priority = Type.Unsafe<(typeof PRIORITIES)[number]>({
  type: 'string',
  enum: [...PRIORITIES],
});
const Minutes = Type.Object(
  Object.fromEntries(STAGES.map((s) => [s, Type.Integer({ minimum: 1 })])) as Record<
    (typeof STAGES)[number],
    ReturnType<typeof Type.Integer>
  >,
  { additionalProperties: false },
);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const STAFF = [
  'dispatcher',
  'grid_leader',
  'supervisor',
  'admin',
  'auditor',
  'department_head',
] as const;

export const policiesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const manage = services.policies;

  app.get(
    '/sla-policies',
    {
      schema: {
        tags: ['administration'],
        summary: 'SLA policies (staff)',
        description:
          'Minutes per stage for each category × priority; urgent runs on a 24×7 clock, the rest on working hours. `builtIn` applies where nothing is stored.',
        response: {
          200: Type.Object({ builtIn: Type.Array(Type.Any()), items: Type.Array(Type.Any()) }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      requireRoles(request, [...STAFF]);
      return manage.listPolicies();
    },
  );

  app.put(
    '/sla-policies',
    {
      schema: {
        tags: ['administration'],
        summary: 'Set an SLA policy (admin)',
        body: Type.Object(
          {
            category: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
              description: 'Category code; null for the default of the priority',
            }),
            priority: Priority,
            minutes: Minutes,
            escalateAfterOverdueMinutes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await manage.putPolicy(requireActor(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/calendar',
    {
      schema: {
        tags: ['administration'],
        summary: 'The working-hours calendar',
        response: {
          200: Type.Object({
            timeZone: Type.String(),
            workDays: Type.String(),
            hours: Type.String(),
            days: Type.Array(
              Type.Object({
                date: Type.String(),
                kind: Type.String(),
                name: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      requireActor(request);
      return manage.getCalendar();
    },
  );

  app.put(
    '/calendar/days',
    {
      schema: {
        tags: ['administration'],
        summary: 'Replace holidays and make-up working days in a range (admin)',
        body: Type.Object(
          {
            from: Day,
            to: Day,
            days: Type.Array(
              Type.Object(
                {
                  date: Day,
                  kind: Type.Unsafe<'holiday' | 'workday'>({
                    type: 'string',
                    enum: ['holiday', 'workday'],
                  }),
                  name: Type.Optional(Type.String({ maxLength: 100 })),
                },
                { additionalProperties: false },
              ),
              { maxItems: 1000 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await manage.putCalendarDays(requireActor(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/routing-rules',
    {
      schema: {
        tags: ['administration'],
        summary: 'Routing overrides (staff)',
        response: { 200: Type.Object({ items: Type.Array(Type.Any()) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      requireRoles(request, [...STAFF]);
      return { items: await manage.listRoutingRules() };
    },
  );

  app.put(
    '/routing-rules',
    {
      schema: {
        tags: ['administration'],
        summary: 'Route a category to a department inside an area (admin)',
        body: Type.Object(
          {
            area: Type.String({ maxLength: 64 }),
            category: Type.String({ maxLength: 64 }),
            department: Type.String({ maxLength: 64 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await manage.putRoutingRule(requireActor(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/routing-rules',
    {
      schema: {
        tags: ['administration'],
        summary: 'Remove a routing override (admin)',
        description:
          'The category goes to its default department (or a wider override) in the area again. Audited.',
        querystring: Type.Object(
          {
            area: Type.String({ maxLength: 64, description: 'Area id or code' }),
            category: Type.String({ maxLength: 64, description: 'Category id or code' }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await manage.deleteRoutingRule(requireActor(request), request.query);
      return reply.code(204).send(null);
    },
  );
};
