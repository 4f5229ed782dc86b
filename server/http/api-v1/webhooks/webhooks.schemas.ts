/** TypeBox schemas of webhook administration: they validate, type and document at once. */
import { Type } from '@sinclair/typebox';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../domain/notify/notices.ts';
import { Id } from '../common.schemas.ts';

const EventType = Type.Unsafe<WebhookEvent>({
  type: 'string',
  enum: [...WEBHOOK_EVENTS],
  description: 'An event type',
});

export const WebhookBody = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      description:
        'http(s) URL that receives a POST per event. Loopback and private addresses are refused unless CIVICGRID_WEBHOOK_ALLOW_PRIVATE=true.',
    }),
    events: Type.Array(EventType, {
      minItems: 1,
      maxItems: WEBHOOK_EVENTS.length,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const WebhookView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreatedWebhook = Type.Composite([
  WebhookView,
  Type.Object({
    secret: Type.String({
      description:
        'The signing secret, shown only in this answer: verify `Civicgrid-Signature` with it.',
    }),
  }),
]);

export const DeliveryView = Type.Object({
  id: Type.String({ description: 'The delivery id, sent as `Civicgrid-Delivery`' }),
  event: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Unsafe<'pending' | 'sent' | 'failed' | 'dead'>({
    type: 'string',
    enum: ['pending', 'sent', 'failed', 'dead'],
    description: '`failed` is retried at `nextAttemptAt`; `dead` was given up (replay it)',
  }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  log: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      ok: Type.Boolean(),
      statusCode: Type.Union([Type.Integer(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const WebhookParams = Type.Object({ id: Id });

export const DeliveriesQuery = Type.Object({
  before: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
