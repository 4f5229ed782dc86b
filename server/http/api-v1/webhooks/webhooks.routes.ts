/**
 * Webhook administration (admin): subscriptions per event type, the delivery log, and
 * replay. Deliveries are signed outbox messages sent by the outbox job, never in a request.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/container.ts';
import { requireRoles } from '../../plugins/auth.ts';
import { Id, problems } from '../common.schemas.ts';
import { presentDelivery, presentWebhook } from './delivery.presenter.ts';
import {
  CreatedWebhook,
  DeliveriesQuery,
  DeliveryView,
  WebhookBody,
  WebhookParams,
  WebhookView,
} from './webhooks.schemas.ts';

const SIGNING =
  'Each delivery is a POST of JSON `{id, event, occurredAt, change, case}` (public case fields only, never ' +
  'reporter contact) with the headers `Civicgrid-Event`, `Civicgrid-Delivery` (the delivery id) and ' +
  '`Civicgrid-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`. ' +
  'A 2xx answer within 10 s delivers it; anything else is retried with exponential backoff (1 min, 2, 4 … ' +
  'at most 6 h; dead after 10 attempts). Delivery is at least once: deduplicate by `Civicgrid-Delivery`.';

export const webhooksRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const manage = services.webhooks;

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'List webhook subscriptions (admin)',
        response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const actor = requireRoles(request, ['admin']);
      return { items: (await manage.listWebhooks(actor)).map(presentWebhook) };
    },
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to case events (admin)',
        description: `The answer holds the signing secret, shown once. ${SIGNING}`,
        body: WebhookBody,
        response: { 201: CreatedWebhook, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireRoles(request, ['admin']);
      const { webhook, secret } = await manage.createWebhook(actor, request.body);
      return reply.code(201).send({ ...presentWebhook(webhook), secret });
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a webhook subscription (admin)',
        description: 'Its deliveries that are still waiting are dropped.',
        params: WebhookParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireRoles(request, ['admin']);
      await manage.removeWebhook(actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Deliveries of a webhook and their attempts (admin)',
        description: `Newest first; page with \`before\` = the last id seen. ${SIGNING}`,
        params: WebhookParams,
        querystring: DeliveriesQuery,
        response: {
          200: Type.Object({ items: Type.Array(DeliveryView) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = requireRoles(request, ['admin']);
      const deliveries = await manage.listDeliveries(actor, request.params.id, request.query);
      return { items: deliveries.map(presentDelivery) };
    },
  );

  app.post(
    '/webhooks/deliveries/:id/replay',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again (admin)',
        description:
          'Queues a new delivery (a new `Civicgrid-Delivery` id) with the same event and body; the outbox job sends it within seconds.',
        params: Type.Object({ id: Id }),
        response: { 202: DeliveryView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireRoles(request, ['admin']);
      const replay = await manage.replayDelivery(actor, request.params.id);
      return reply.code(202).send(presentDelivery(replay));
    },
  );
};
