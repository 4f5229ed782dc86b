/** Cases: report, list, read, timeline, workflow steps, and public tracking. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Case } from '../../../domain/cases/case.ts';
import { availableActions, canSeeCase } from '../../../domain/cases/transitions.ts';
import { ValidationError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/org/scope.ts';
import type { Services } from '../../../services/container.ts';
import type { PossibleDuplicate } from '../../../services/report-case.ts';
import type { ActionInput } from '../../../services/transition-case.ts';
import type { AreaSummary } from '../../../storage/stores/area-store.ts';
import { requireActor } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';
import { presentCase, presentEvent, presentTracking } from './case.presenter.ts';
import {
  ActionBody,
  EventView,
  ListQuery,
  REQUIRED_FIELDS,
  ReportAnswer,
  ReportBody,
} from './cases.schemas.ts';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 100,
      description: 'A retry with the same key returns the first answer',
    }),
  ),
});

export const casesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { areas, attachments, users } = services.stores;

  async function present(cases: Case[], actor: Actor | null, personal: (c: Case) => boolean) {
    const ref = await services.reference.current();
    const areaMap = new Map(
      (await areas.findSummariesByIds([...new Set(cases.map((c) => c.areaId))])).map((a) => [
        a.id,
        a,
      ]),
    );
    const handlerIds = [...new Set(cases.flatMap((c) => (c.handlerId ? [c.handlerId] : [])))];
    const handlerNames = await users.findDisplayNames(handlerIds);
    return cases.map((c) =>
      presentCase(c, {
        ref,
        areas: areaMap,
        personalData: personal(c),
        actions: actor ? availableActions(actor, c) : undefined,
        handlerNames,
      }),
    );
  }

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Report a problem',
        description:
          'Anonymous residents and staff report a problem. It is routed by location to its grid cell and by category ' +
          'to a department; the register deadline comes from the SLA policy. Contact details are stored only with ' +
          '`reporter.consent: true`. `possibleDuplicates` lists open cases of the same category nearby.',
        headers: IdempotencyHeaders,
        body: ReportBody,
        response: {
          201: ReportAnswer,
          ...problems(400, 403, 409, 413),
        },
      },
      config: {
        // Anonymous reports are limited per address; staff (often many behind one
        // address, at a phone desk or service centre) per account, more generously.
        rateLimit: {
          max: (request: FastifyRequest) => (request.actor ? 600 : 60),
          keyGenerator: (request: FastifyRequest) =>
            request.actor ? `user:${request.actor.userId}` : request.ip,
          timeWindow: '1 minute',
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const ref = await services.reference.current();
      const answer = (c: Case, duplicates: PossibleDuplicate[], lineage: AreaSummary[]) => ({
        ...presentCase(c, {
          ref,
          areas: new Map(lineage.map((a) => [a.id, a])),
          personalData: true,
          actions: actor ? availableActions(actor, c) : undefined,
        }),
        // Who may read a nearby case learns which it is; anyone else only that a
        // similar report exists, its status and how far away.
        possibleDuplicates: duplicates.map((d) =>
          actor && canSeeCase(actor, d.case)
            ? {
                id: d.case.id,
                trackingCode: d.case.trackingCode,
                title: d.case.title,
                status: d.case.status,
                distanceM: d.distanceM,
              }
            : { status: d.case.status, distanceM: d.distanceM },
        ),
      });
      const result = await services.reportCase(request.body, actor, {
        idempotencyKey: request.headers['idempotency-key'],
        present: answer,
      });
      if (result.replayed && result.stored) {
        return reply
          .code(result.stored.status as 201)
          .header('idempotent-replayed', 'true')
          .send(result.stored.body as never);
      }
      return reply.code(201).send(answer(result.case, result.possibleDuplicates, result.areas));
    },
  );

  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases in your scope',
        description:
          'Newest first, cursor-paginated, always filtered by the caller’s scope. `q` searches title, description and address.',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Case')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const page = await services.readCases.listCases(request.query, actor);
      return { items: await present(page.items, actor, () => false), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case',
        description:
          'Reporter contact is shown only to roles that need it; every such read is recorded in the data-access log.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('Case'), ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { case: c, personalData } = await services.readCases.getCase(
        request.params.id,
        actor,
        'GET /api/v1/cases/:id',
      );
      const [view] = await present([c], actor, () => personalData);
      return view as NonNullable<typeof view>;
    },
  );

  app.get(
    '/cases/:id/events',
    {
      schema: {
        tags: ['cases'],
        summary: 'The timeline of a case',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ items: Type.Array(EventView) }), ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const events = await services.readCases.listEvents(request.params.id, actor);
      const files = await attachments.listForCase(request.params.id);
      return {
        items: events.map((e) =>
          presentEvent(
            e,
            files
              .filter((f) => f.eventId === e.id)
              .map((f) => ({ id: f.id, mediaType: f.mediaType })),
          ),
        ),
      };
    },
  );

  app.post(
    '/cases/:id/actions',
    {
      schema: {
        tags: ['cases'],
        summary: 'Take a workflow step',
        description:
          'register, reject, dispatch, accept, resolve, verify, close, suspend, resume, escalate, supervise or comment, ' +
          'with `version` as read. 409 on a stale version, 422 when the state does not allow the step, 403 outside ' +
          'your roles or scope; nothing changes on refusal.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: ActionBody,
        response: { 200: Type.Ref('Case'), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const body = request.body;
      const missing = REQUIRED_FIELDS[body.action].filter(
        (f) => (body as Record<string, unknown>)[f] === undefined,
      );
      if (missing.length > 0) {
        throw new ValidationError(
          `"${body.action}" needs ${missing.join(', ')}.`,
          missing.map((f) => ({ field: `/${f}`, message: 'is required' })),
        );
      }
      const next = await services.transitionCase(
        request.params.id,
        body as ActionInput & { version: number },
        actor,
      );
      const [view] = await present([next], actor, () => false);
      return view as NonNullable<typeof view>;
    },
  );

  app.get(
    '/track/:code',
    {
      schema: {
        tags: ['cases'],
        summary: 'Public status of a case by tracking code',
        description:
          'Status steps, public comments, the current deadline and the written answer; never personal data.',
        params: Type.Object({ code: Type.String({ maxLength: 20 }) }),
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problems(404) },
      },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { case: c, events } = await services.readCases.trackCase(request.params.code);
      const ref = await services.reference.current();
      const [area] = await areas.findSummariesByIds([c.locatedAreaId]);
      const original = c.duplicateOf
        ? await services.stores.cases.findById(c.duplicateOf)
        : undefined;
      return presentTracking(c, events, ref, area, original);
    },
  );

  app.post(
    '/track/:code/rating',
    {
      schema: {
        tags: ['cases'],
        summary: 'Rate the written answer',
        description:
          'Once per case, after it is closed, by whoever holds the tracking code. No sign-in needed.',
        params: Type.Object({ code: Type.String({ maxLength: 20 }) }),
        body: Type.Object(
          {
            satisfaction: Type.Unsafe<'satisfied' | 'neutral' | 'unsatisfied'>({
              type: 'string',
              enum: ['satisfied', 'neutral', 'unsatisfied'],
            }),
            comment: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 404, 409, 422) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await services.rateCase(request.params.code, request.body);
      return reply.code(204).send(null);
    },
  );
};
