/** Indicators for an area subtree and a period (see docs/indicators.md). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/container.ts';
import { requireActor } from '../../plugins/auth.ts';
import { presentArea } from '../areas/area.presenter.ts';
import { problems } from '../common.schemas.ts';
import { DEPARTMENT_RANKINGS } from '../../../domain/cases/indicators.ts';

const Rate = Type.Object({
  rate: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Number(),
  denominator: Type.Number(),
});

const Period = Type.Object({
  area: Type.Optional(
    Type.String({ maxLength: 64, description: 'Area id or code; default: your widest scope' }),
  ),
  from: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'First day (local date); default 29 days before `to`',
    }),
  ),
  to: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'Last day (local date); default today',
    }),
  ),
});

export const statsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/stats/summary',
    {
      schema: {
        tags: ['stats'],
        summary: 'Indicators of an area subtree',
        description:
          'Registered, closed, closure rate, on-time rate per stage, rework and satisfaction rates, overdue open, mean and ' +
          'p90 hours to close, counts by status and by category. Each rate gives its numerator and denominator; ' +
          'definitions in docs/indicators.md. Read from counters: the cost does not grow with the number of cases.',
        querystring: Period,
        response: {
          200: Type.Object({
            area: Type.Ref('Area'),
            from: Type.String(),
            to: Type.String(),
            reported: Type.Integer(),
            registered: Type.Integer(),
            rejected: Type.Integer(),
            resolved: Type.Integer(),
            closed: Type.Integer(),
            escalated: Type.Integer(),
            supervised: Type.Integer(),
            closureRate: Rate,
            onTimeRate: Type.Record(Type.String(), Rate),
            reworkRate: Rate,
            satisfactionRate: Rate,
            ratingRate: Rate,
            overdueOpen: Type.Integer(),
            open: Type.Integer(),
            meanHoursToClose: Type.Union([Type.Number(), Type.Null()]),
            p90HoursToClose: Type.Union([Type.Number(), Type.Null()]),
            byStatus: Type.Record(Type.String(), Type.Integer()),
            byCategory: Type.Record(Type.String(), Type.Integer()),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { area, from, to, summary } = await services.stats.summary(
        requireActor(request),
        request.query,
      );
      return { area: presentArea(area), from, to, ...summary };
    },
  );

  app.get(
    '/stats/departments',
    {
      schema: {
        tags: ['stats'],
        summary: 'Departments of an area subtree, ranked',
        description:
          'For each department that had cases located in the area subtree: cases assigned (dispatched to it) and ' +
          'co-assigned, resolved, closed, on-time handling, closure, rework and satisfaction rates with their ' +
          'numerators and denominators, handling stages run overdue, and the open, overdue-open and co-handled ' +
          'gauges now. Ranked by `rankBy` (default `onTimeRate`; rework and overdue open rank lowest first); a ' +
          'department whose ranking rate has no denominator has `rank` null and comes last. Definitions in ' +
          'docs/indicators.md. Read from counters kept with every change: the cost does not grow with the number ' +
          'of cases. Same roles and scope as the summary.',
        querystring: Type.Composite([
          Period,
          Type.Object({
            rankBy: Type.Optional(
              Type.Union(
                DEPARTMENT_RANKINGS.map((r) => Type.Literal(r)),
                { description: 'What to rank by; default onTimeRate' },
              ),
            ),
          }),
        ]),
        response: {
          200: Type.Object({
            area: Type.Ref('Area'),
            from: Type.String(),
            to: Type.String(),
            rankBy: Type.String(),
            departments: Type.Array(
              Type.Object({
                rank: Type.Union([Type.Integer(), Type.Null()]),
                department: Type.Object({
                  id: Type.String(),
                  code: Type.Union([Type.String(), Type.Null()]),
                  nameZh: Type.Union([Type.String(), Type.Null()]),
                  nameEn: Type.Union([Type.String(), Type.Null()]),
                }),
                assigned: Type.Integer(),
                coAssigned: Type.Integer(),
                resolved: Type.Integer(),
                closed: Type.Integer(),
                onTimeRate: Rate,
                closureRate: Rate,
                reworkRate: Rate,
                satisfactionRate: Rate,
                overdueHandle: Type.Integer(),
                open: Type.Integer(),
                overdueOpen: Type.Integer(),
                coOpen: Type.Integer(),
              }),
            ),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { area, ...ranked } = await services.stats.departments(
        requireActor(request),
        request.query,
      );
      return { area: presentArea(area), ...ranked };
    },
  );

  app.get(
    '/stats/trend',
    {
      schema: {
        tags: ['stats'],
        summary: 'Daily counts of an area subtree',
        description:
          'Per day: reported, registered, closed, verify_ok and verify_failed (days without events are left out).',
        querystring: Period,
        response: {
          200: Type.Object({
            area: Type.Ref('Area'),
            from: Type.String(),
            to: Type.String(),
            days: Type.Array(
              Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
            ),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { area, from, to, days } = await services.stats.trend(
        requireActor(request),
        request.query,
      );
      return { area: presentArea(area), from, to, days };
    },
  );

  app.get(
    '/stats/cells',
    {
      schema: {
        tags: ['stats'],
        summary: 'Open and overdue counts of the child areas of an area',
        description:
          'For each child area of `parent` (for example the grid cells of a community): open cases and open cases ' +
          'past due, from the gauges kept with every change. Same roles and scope as the summary.',
        querystring: Type.Object({
          parent: Type.String({ minLength: 1, maxLength: 64, description: 'Area id or code' }),
        }),
        response: {
          200: Type.Object({
            parent: Type.Ref('Area'),
            cells: Type.Array(
              Type.Object({
                area: Type.Object({
                  id: Type.String(),
                  code: Type.String(),
                  nameZh: Type.String(),
                  nameEn: Type.String(),
                  level: Type.String(),
                }),
                open: Type.Integer(),
                overdueOpen: Type.Integer(),
              }),
            ),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { parent, cells } = await services.stats.cells(requireActor(request), request.query);
      return { parent: presentArea(parent), cells };
    },
  );
};
