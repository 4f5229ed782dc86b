/** Shapes webhooks and their deliveries for the API. */
import type { Static } from '@sinclair/typebox';
import type { Delivery, WebhookSummary } from '../../../services/notify/manage-webhooks.ts';
import type { DeliveryView, WebhookView } from './webhooks.schemas.ts';

/** A subscription, without its secret. */
export function presentWebhook(webhook: WebhookSummary): Static<typeof WebhookView> {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    createdAt: webhook.createdAt,
  };
}

/** A delivery with its attempts; `nextAttemptAt` only while it waits for one. */
export function presentDelivery(delivery: Delivery): Static<typeof DeliveryView> {
  const m = delivery.message;
  const waiting = m.status === 'pending' || m.status === 'failed';
  return {
    id: m.id,
    event: delivery.event,
    caseId: m.caseId,
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: waiting ? m.nextAttemptAt : null,
    lastError: m.lastError,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    log: delivery.attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      ok: a.ok,
      statusCode: a.statusCode,
      error: a.error,
    })),
  };
}
