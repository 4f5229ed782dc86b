/**
 * Webhook administration: subscribe a URL to event types (its signing secret is shown
 * once), list and remove subscriptions, read each delivery's attempts, and replay a
 * delivery as a new one. Every change is audited in its own transaction.
 */
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../domain/notify/notices.ts';
import { requireRole, scopeCoversArea, scopeOf, type Actor } from '../../domain/org/scope.ts';
import type { Clock, IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../../storage/database.ts';
import type { AuditStore } from '../../storage/stores/audit-store.ts';
import type {
  OutboxAttempt,
  OutboxMessage,
  OutboxStore,
  WebhookPayload,
} from '../../storage/stores/outbox-store.ts';
import type { Webhook, WebhookStore } from '../../storage/stores/webhook-store.ts';
import type { ReferenceVersionStore } from '../../storage/stores/reference-version.ts';
import type { ReferenceDataCache } from '../reference-data.ts';
import { webhookUrlProblem } from './webhook-sender.ts';
import { newWebhookSecret } from './webhook-signature.ts';

/** A subscription as admins see it: never its secret. */
export type WebhookSummary = Omit<Webhook, 'secret'>;

/** A delivery with its attempts. */
export interface Delivery {
  message: OutboxMessage;
  event: string;
  attempts: OutboxAttempt[];
}

function summary(webhook: Webhook): WebhookSummary {
  const { secret: _secret, ...rest } = webhook;
  return rest;
}

/** The part of a URL safe to keep in the audit log (paths and queries may hold tokens). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** Builds the webhook administration use cases. */
export function createManageWebhooks(deps: {
  db: Db;
  webhooks: WebhookStore;
  /** Case changes match the subscriptions kept with the reference data: changed here, bumped. */
  reference: Pick<ReferenceDataCache, 'invalidate'>;
  referenceVersion: Pick<ReferenceVersionStore, 'bump'>;
  outbox: Pick<OutboxStore, 'findById' | 'listByWebhook' | 'listAttempts' | 'enqueue'>;
  audit: Pick<AuditStore, 'append'>;
  clock: Clock;
  ids: IdGenerator;
  allowPrivateTargets: boolean;
}) {
  /** An admin manages the subscriptions made inside its own subtrees. */
  function visibleTo(actor: Actor, webhook: Webhook): boolean {
    return scopeCoversArea(scopeOf(actor, ['admin']), webhook.areaPath);
  }

  async function activeWebhook(id: string, actor: Actor): Promise<Webhook> {
    const webhook = await deps.webhooks.findById(id);
    if (!webhook?.active || !visibleTo(actor, webhook))
      throw new NotFoundError('No webhook has this id.');
    return webhook;
  }

  return {
    /**
     * Subscribes a URL; returns the subscription and its secret, which is never shown again.
     * @throws ForbiddenError for non-admins; ValidationError for a bad URL or event type.
     */
    async createWebhook(
      actor: Actor,
      input: { url: string; events: string[] },
    ): Promise<{ webhook: WebhookSummary; secret: string }> {
      requireRole(actor, ['admin']);
      const areaPath = scopeOf(actor, ['admin']).areaPaths[0];
      if (!areaPath) throw new ForbiddenError('Your admin role covers no area.');
      const url = input.url.trim();
      const problems = [];
      const urlProblem = webhookUrlProblem(url, deps.allowPrivateTargets);
      if (urlProblem) problems.push({ field: '/url', message: urlProblem });
      const events = [...new Set(input.events)];
      if (events.length === 0)
        problems.push({ field: '/events', message: 'name at least one event type' });
      events.forEach((event, i) => {
        if (!(WEBHOOK_EVENTS as readonly string[]).includes(event))
          problems.push({
            field: `/events/${i}`,
            message: `unknown event type; one of ${WEBHOOK_EVENTS.join(', ')}`,
          });
      });
      if (problems.length > 0) throw new ValidationError('The webhook was not created.', problems);
      const now = deps.clock.now();
      const webhook: Webhook = {
        id: deps.ids.next(),
        url,
        events: events as WebhookEvent[],
        secret: newWebhookSecret(),
        active: true,
        areaPath,
        createdAt: now.toISOString(),
      };
      await deps.db.kysely.transaction().execute(async (trx) => {
        await deps.webhooks.insert(trx, webhook);
        await deps.referenceVersion.bump(trx);
        await deps.audit.append(trx, {
          at: now,
          actorId: actor.userId,
          actorLogin: actor.login,
          action: 'webhook.create',
          subjectType: 'webhook',
          subjectId: webhook.id,
          details: { origin: originOf(url), events },
        });
      });
      deps.reference.invalidate();
      return { webhook: summary(webhook), secret: webhook.secret };
    },

    /** Active subscriptions inside the admin's scope, oldest first. */
    async listWebhooks(actor: Actor): Promise<WebhookSummary[]> {
      return (await deps.webhooks.listActive()).filter((w) => visibleTo(actor, w)).map(summary);
    },

    /**
     * Removes a subscription; its undelivered messages are dropped when their turn comes.
     * @throws ForbiddenError for non-admins; NotFoundError for an unknown or removed id.
     */
    async removeWebhook(actor: Actor, id: string): Promise<void> {
      requireRole(actor, ['admin']);
      await activeWebhook(id, actor);
      const now = deps.clock.now();
      const removed = await deps.db.kysely.transaction().execute(async (trx) => {
        if (!(await deps.webhooks.deactivate(trx, id))) return false;
        await deps.referenceVersion.bump(trx);
        await deps.audit.append(trx, {
          at: now,
          actorId: actor.userId,
          actorLogin: actor.login,
          action: 'webhook.remove',
          subjectType: 'webhook',
          subjectId: id,
          details: {},
        });
        return true;
      });
      if (!removed) throw new NotFoundError('No webhook has this id.');
      deps.reference.invalidate();
    },

    /**
     * A subscription's deliveries, newest first, each with its attempts.
     * @throws NotFoundError for an unknown or removed webhook.
     */
    async listDeliveries(
      actor: Actor,
      webhookId: string,
      options: { before?: string; limit: number },
    ): Promise<Delivery[]> {
      await activeWebhook(webhookId, actor);
      const messages = await deps.outbox.listByWebhook(webhookId, options);
      const attempts = await deps.outbox.listAttempts(messages.map((m) => m.id));
      return messages.map((message) => ({
        message,
        event: (message.payload as WebhookPayload).event,
        attempts: attempts.filter((a) => a.messageId === message.id),
      }));
    },

    /**
     * Sends a delivery again, as a new delivery (new `Civicgrid-Delivery` id) with the same
     * event and body, at the next run of the sender.
     * @throws ForbiddenError for non-admins; NotFoundError for an unknown delivery or a
     *   removed webhook.
     */
    async replayDelivery(actor: Actor, deliveryId: string): Promise<Delivery> {
      requireRole(actor, ['admin']);
      const original = await deps.outbox.findById(deliveryId);
      if (!original || original.kind !== 'webhook' || !original.webhookId)
        throw new NotFoundError('No webhook delivery has this id.');
      const webhook = await activeWebhook(original.webhookId, actor);
      const payload = original.payload as WebhookPayload;
      const now = deps.clock.now();
      const [id] = await deps.db.kysely.transaction().execute(async (trx) => {
        const inserted = await deps.outbox.enqueue(
          trx,
          [
            {
              kind: 'webhook',
              dedupeKey: `replay:${original.id}:${deps.ids.next()}`,
              caseId: original.caseId,
              webhookId: webhook.id,
              payload,
            },
          ],
          now,
        );
        await deps.audit.append(trx, {
          at: now,
          actorId: actor.userId,
          actorLogin: actor.login,
          action: 'webhook.replay',
          subjectType: 'webhook',
          subjectId: webhook.id,
          details: { delivery: original.id, replay: inserted[0] ?? null, event: payload.event },
        });
        return inserted;
      });
      const replay = id ? await deps.outbox.findById(id) : undefined;
      if (!replay) throw new Error('The replayed delivery was not stored.');
      return { message: replay, event: payload.event, attempts: [] };
    },
  };
}

export type ManageWebhooks = ReturnType<typeof createManageWebhooks>;
