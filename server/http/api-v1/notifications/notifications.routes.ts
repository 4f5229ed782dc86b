/** The signed-in user's in-app notifications (assignments, overdue stages, escalations). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../../domain/errors.ts';
import { NOTIFICATION_KINDS } from '../../../domain/notify/in-app.ts';
import type { Services } from '../../../services/container.ts';
import { requireActor } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';

/** Unread notifications are counted up to this many. */
const UNREAD_CAP = 100;

const NotificationParamsView = Type.Object(
  {
    trackingCode: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
    stage: Type.Optional(Type.String({ description: 'The stage due soon or overdue.' })),
    dueAt: Type.Optional(
      Type.String({ format: 'date-time', description: "That stage's deadline." }),
    ),
    directive: Type.Optional(Type.String({ description: "A supervisor's directive." })),
    areaCode: Type.Optional(Type.String({ description: 'The duty area.' })),
    areaNameZh: Type.Optional(Type.String()),
    areaNameEn: Type.Optional(Type.String()),
    startsAt: Type.Optional(Type.String({ format: 'date-time', description: 'The first shift.' })),
    endsAt: Type.Optional(Type.String({ format: 'date-time' })),
    dutyRole: Type.Optional(
      Type.Union([Type.Literal('A'), Type.Literal('B')], {
        description: 'For a reminder: the reader is the officer on duty (A) or the cover (B).',
      }),
    ),
    shifts: Type.Optional(
      Type.Integer({ minimum: 1, description: 'How many shifts were planned.' }),
    ),
  },
  {
    description:
      'The facts the message was worded from, which depend on the kind, so a client can word it in ' +
      "its reader's language; null on notifications stored before facts were kept.",
  },
);

const NotificationView = Type.Object({
  id: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String({
    description: `One of ${NOTIFICATION_KINDS.map((k) => `\`${k}\``).join(', ')}.`,
  }),
  message: Type.String({ description: 'The notification as an English sentence.' }),
  params: Type.Union([NotificationParamsView, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { notifications } = services.stores;

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first',
        querystring: Type.Object({
          unread: Type.Boolean({ default: false }),
          before: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(NotificationView),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { unread, before, limit } = request.query;
      const items = await notifications.listForUser(actor.userId, {
        unreadOnly: unread,
        before,
        limit: limit + 1,
      });
      const page = items.slice(0, limit);
      return {
        items: page,
        nextCursor: items.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of your notifications are unread',
        description:
          'Counted up to 100 (`capped` true then: show "99+"), so a badge polled every half minute stays cheap.',
        response: {
          200: Type.Object({ unread: Type.Integer({ minimum: 0 }), capped: Type.Boolean() }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const unread = await notifications.countUnread(actor.userId, UNREAD_CAP);
      return { unread, capped: unread >= UNREAD_CAP };
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        description:
          'Every unread notification of yours; with `upTo` (the newest id you have seen) only those up to it, ' +
          'so one that arrived meanwhile stays unread; with `caseId` only those about that case (the web app ' +
          'sends it when a case is opened).',
        body: Type.Optional(
          Type.Object(
            {
              upTo: Type.Optional(Type.String({ maxLength: 64 })),
              caseId: Type.Optional(Type.String({ maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({ marked: Type.Integer({ minimum: 0 }) }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const marked = await notifications.markAllRead(
        actor.userId,
        { upTo: request.body?.upTo || null, caseId: request.body?.caseId || null },
        services.clock.now(),
      );
      return { marked };
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification read',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!(await notifications.markRead(actor.userId, request.params.id, services.clock.now()))) {
        throw new NotFoundError('No such notification of yours.');
      }
      return reply.code(204).send(null);
    },
  );
};
