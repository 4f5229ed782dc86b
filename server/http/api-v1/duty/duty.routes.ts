/**
 * The duty roster (SPEC "Staff": duty schedule with A/B cover). Grid leaders and admins
 * plan shifts of areas in their scope; dispatchers, grid staff and supervisors read them.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Area } from '../../../domain/areas/area.ts';
import {
  DUTY_ROLES,
  MAX_REPEAT_DAYS,
  MAX_SHIFT_NOTE,
  type DutyShift,
} from '../../../domain/duty/duty-shift.ts';
import type { Actor } from '../../../domain/org/scope.ts';
import type { Services } from '../../../services/container.ts';
import { requireActor } from '../../plugins/auth.ts';
import { problems, Ref } from '../common.schemas.ts';

const Officer = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  active: Type.Boolean({ description: 'False: the account is deactivated and is not notified' }),
  mayStandDuty: Type.Boolean({
    description:
      'False: no longer an active dispatcher or grid leader of the shift’s area or an area above it ' +
      '(deactivated, or the role withdrawn since the shift was planned), so an urgent report passes them ' +
      'by: replace them',
  }),
});

const DutyShiftView = Type.Object(
  {
    id: Type.String(),
    area: Ref,
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time', description: 'Exclusive' }),
    primary: Officer,
    backup: Type.Union([Officer, Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer({ minimum: 1, description: 'Send it back with a PATCH or DELETE' }),
    editable: Type.Boolean({
      description: 'True when the caller plans this area and the shift has not ended',
    }),
  },
  { $id: 'DutyShift' },
);

const Span = Type.Object({
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
});

const Instant = (description: string) => Type.String({ minLength: 10, maxLength: 40, description });
const AreaParam = Type.String({ minLength: 1, maxLength: 64, description: 'Area id or code' });
const UserId = Type.String({ minLength: 1, maxLength: 64 });
const Note = Type.Union([Type.String({ maxLength: MAX_SHIFT_NOTE }), Type.Null()]);

export const dutyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { duty } = services;

  /** Shifts as the API shows them: officers by name, areas by code, editability. */
  async function present(
    actor: Actor,
    shifts: DutyShift[],
    areas: Pick<Area, 'id' | 'code' | 'path'>[],
  ) {
    const officersOf = (s: DutyShift) => [
      s.primaryUserId,
      ...(s.backupUserId ? [s.backupUserId] : []),
    ];
    const people = await services.stores.users.findDisplayNames(shifts.flatMap(officersOf));
    // Who may still stand duty where each shift is: one read per area of the shifts.
    const eligible = new Map<string, Set<string>>();
    for (const area of areas) {
      const ids = [...new Set(shifts.filter((s) => s.areaId === area.id).flatMap(officersOf))];
      if (ids.length === 0) continue;
      const candidates = await services.stores.duty.listCandidates(area.path, {
        ids,
        limit: ids.length,
      });
      eligible.set(area.id, new Set(candidates.map((c) => c.id)));
    }
    const officer = (id: string, areaId: string) => ({
      id,
      displayName: people.get(id)?.displayName ?? id,
      active: people.get(id)?.active ?? false,
      mayStandDuty: eligible.get(areaId)?.has(id) ?? false,
    });
    const now = services.clock.now().getTime();
    return shifts.map((s) => {
      const area = areas.find((a) => a.id === s.areaId);
      return {
        id: s.id,
        area: { id: s.areaId, code: area?.code ?? s.areaId },
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        primary: officer(s.primaryUserId, s.areaId),
        backup: s.backupUserId ? officer(s.backupUserId, s.areaId) : null,
        note: s.note,
        version: s.version,
        editable: Date.parse(s.endsAt) > now && area !== undefined && duty.plans(actor, area),
      };
    });
  }

  /** The areas on a path, in one read (to name shifts of ancestors). */
  const lineage = (area: Area) => services.stores.areas.findSummariesByIds(area.path);

  app.get(
    '/duty-shifts',
    {
      schema: {
        tags: ['duty'],
        summary: 'The duty roster of an area over a window',
        description:
          'Shifts of the area and of the areas above it that share some instant with [`from`, `to`) (at most 62 ' +
          'days), by start, and `gaps`: the parts of the window no such shift covers. An urgent report made in a ' +
          'gap reaches every dispatcher and grid leader of the area instead of an officer on duty. For ' +
          'dispatchers, grid leaders, grid workers, supervisors and admins whose area scope covers the area.',
        querystring: Type.Object(
          {
            area: AreaParam,
            from: Instant('Start of the window (ISO 8601 with offset)'),
            to: Instant('End of the window, exclusive'),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            area: Ref,
            items: Type.Array(DutyShiftView),
            gaps: Type.Array(Span),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const roster = await duty.roster(actor, request.query);
      return {
        area: { id: roster.area.id, code: roster.area.code },
        items: await present(actor, roster.shifts, await lineage(roster.area)),
        gaps: roster.gaps,
      };
    },
  );

  app.get(
    '/duty-shifts/now',
    {
      schema: {
        tags: ['duty'],
        summary: 'Who is on duty for an area now',
        description:
          'The shift an urgent report made in the area would reach now: that of the deepest area on its path ' +
          'with a shift covering this moment and an officer or cover who may stand duty (`mayStandDuty`). ' +
          '`null` when there is none (a gap: the report then reaches every dispatcher and grid leader).',
        querystring: Type.Object({ area: AreaParam }, { additionalProperties: false }),
        response: {
          200: Type.Object({ shift: Type.Union([DutyShiftView, Type.Null()]) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const shift = await duty.current(actor, request.query.area);
      if (!shift) return { shift: null };
      const area = await services.stores.areas.findById(shift.areaId);
      const [view] = await present(actor, [shift], area ? [area] : []);
      return { shift: view ?? null };
    },
  );

  app.get(
    '/duty-shifts/candidates',
    {
      schema: {
        tags: ['duty'],
        summary: 'Staff who may stand duty in an area (planners)',
        description:
          'Active dispatchers, grid leaders and grid workers granted on the area or an area above it, by display ' +
          'name, with those roles. For grid leaders and admins who plan the area.',
        querystring: Type.Object(
          {
            area: AreaParam,
            q: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'A part of the name' }),
            ),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                displayName: Type.String(),
                roles: Type.Array(Type.Union(DUTY_ROLES.map((r) => Type.Literal(r)))),
              }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { area, q, limit } = request.query;
      const items = await duty.candidates(requireActor(request), {
        area,
        q: q?.trim() || undefined,
        limit,
      });
      return {
        items: items.map((c) => ({
          ...c,
          roles: c.roles as ('dispatcher' | 'grid_leader' | 'grid_worker')[],
        })),
      };
    },
  );

  app.post(
    '/duty-shifts',
    {
      schema: {
        tags: ['duty'],
        summary: 'Plan a shift, or the same shift on consecutive days (planners)',
        description:
          'The officer on duty (`primaryUserId`, A) and the cover (`backupUserId`, B) must be active dispatchers ' +
          'or grid leaders (the roles that register a report) of the area or an area above it. A shift ends in the future, after its ' +
          'start, within 7 days. `repeatDays` plans it on that many consecutive days, all or nothing. A shift ' +
          'overlapping another of the same area is refused (409 `conflict`), as is anything invalid (400, the ' +
          'field named); nothing is written then. Audited.',
        body: Type.Object(
          {
            area: AreaParam,
            startsAt: Instant('Start (ISO 8601 with offset)'),
            endsAt: Instant('End, exclusive'),
            primaryUserId: UserId,
            backupUserId: Type.Optional(Type.Union([UserId, Type.Null()])),
            note: Type.Optional(Note),
            repeatDays: Type.Integer({ minimum: 1, maximum: MAX_REPEAT_DAYS, default: 1 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ items: Type.Array(DutyShiftView) }),
          ...problems(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { area, shifts } = await duty.create(actor, request.body);
      return reply.code(201).send({ items: await present(actor, shifts, [area]) });
    },
  );

  app.patch(
    '/duty-shifts/:id',
    {
      schema: {
        tags: ['duty'],
        summary: 'Change a shift (planners)',
        description:
          'Changes the fields sent at the `version` read (409 `stale-version` when it changed meanwhile). An ended ' +
          'shift is the record of who was on duty and cannot change (422); a running one keeps its start, while ' +
          'its end and officers may change. The same rules as planning apply. Audited.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            startsAt: Type.Optional(Instant('Start')),
            endsAt: Type.Optional(Instant('End, exclusive')),
            primaryUserId: Type.Optional(UserId),
            backupUserId: Type.Optional(Type.Union([UserId, Type.Null()])),
            note: Type.Optional(Note),
          },
          { additionalProperties: false },
        ),
        response: { 200: DutyShiftView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { area, shift } = await duty.update(actor, request.params.id, request.body);
      const [view] = await present(actor, [shift], [area]);
      return view;
    },
  );

  app.delete(
    '/duty-shifts/:id',
    {
      schema: {
        tags: ['duty'],
        summary: 'Delete a shift that has not started (planners)',
        description:
          'At the `version` read (409 `stale-version` when it changed meanwhile). A shift that has started is part ' +
          'of the record (422): shorten it instead. Audited.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object(
          { version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await duty.remove(requireActor(request), request.params.id, request.query.version);
      return reply.code(204).send(null);
    },
  );
};
