/**
 * The outbox sender: claims due messages in a bounded batch, sends each (e-mail through
 * SMTP, webhooks by signed POST), and records the outcome. A failure is retried with
 * exponential backoff and the message is dead after the last attempt. Delivery is at
 * least once, deduplicated by id: a crash between sending and recording re-sends the
 * message once its claim lapses, with the same `Message-ID` or `Civicgrid-Delivery`.
 * One instance at a time through the job lock; the claim guards each message besides.
 */
import { afterFailure, MAX_ATTEMPTS } from '../domain/notify/retry.ts';
import type { Clock } from '../domain/ports.ts';
import type { MailSender } from '../services/notify/mail-sender.ts';
import type { postWebhook } from '../services/notify/webhook-sender.ts';
import { SIGNATURE_HEADER, signWebhook } from '../services/notify/webhook-signature.ts';
import type {
  EmailPayload,
  OutboxMessage,
  OutboxStore,
  WebhookPayload,
} from '../storage/stores/outbox-store.ts';
import type { WebhookStore } from '../storage/stores/webhook-store.ts';
import type { Job } from './job.ts';

/** What one run did. */
export interface OutboxRunResult {
  sent: number;
  failed: number;
  dead: number;
  purged: number;
}

/** A failure that no retry can fix (the webhook was removed). */
class PermanentFailure extends Error {}

/** A failure with the receiver's status or reply code. */
class RefusedDelivery extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
  ) {
    super(message);
  }
}

/** How long a claimed message waits before another run may try it again (a crashed send). */
const LEASE_MS = 5 * 60_000;
/** Sent and dead messages are kept this long for the delivery log, then purged. */
const KEEP_MS = 30 * 24 * 60 * 60_000;

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function statusOf(error: unknown): number | null {
  if (error instanceof RefusedDelivery) return error.statusCode;
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : null;
}

/** Builds the sender job. */
export function createOutboxSender(deps: {
  outbox: Pick<OutboxStore, 'findDue' | 'claim' | 'finishAttempt' | 'purgeFinished'>;
  webhooks: Pick<WebhookStore, 'findById'>;
  /** Null when no SMTP server is configured (queued e-mails then fail and retry). */
  mail: Pick<MailSender, 'send'> | null;
  post: typeof postWebhook;
  clock: Clock;
  allowPrivateTargets: boolean;
  batchLimit?: number;
  concurrency?: number;
}): Job<OutboxRunResult> {
  const batchLimit = deps.batchLimit ?? 25;
  const concurrency = Math.max(1, deps.concurrency ?? 5);

  async function send(message: OutboxMessage): Promise<number | null> {
    if (message.kind === 'email') {
      if (!deps.mail) throw new Error('No SMTP server is configured (CIVICGRID_SMTP_URL).');
      return (await deps.mail.send(message.id, message.payload as EmailPayload)).statusCode;
    }
    const hook = message.webhookId ? await deps.webhooks.findById(message.webhookId) : undefined;
    if (!hook?.active) throw new PermanentFailure('The webhook was removed.');
    const payload = message.payload as WebhookPayload;
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
    const response = await deps.post(
      hook.url,
      payload.body,
      {
        'Civicgrid-Event': payload.event,
        'Civicgrid-Delivery': message.id,
        [SIGNATURE_HEADER]: signWebhook(hook.secret, payload.body, timestamp),
      },
      { allowPrivate: deps.allowPrivateTargets },
    );
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new RefusedDelivery(
        `The receiver answered ${response.statusCode}.`,
        response.statusCode,
      );
    }
    return response.statusCode;
  }

  async function deliver(message: OutboxMessage, result: OutboxRunResult): Promise<void> {
    const now = deps.clock.now();
    if (message.attempts >= MAX_ATTEMPTS) {
      // Claimed for its last attempt by a run that never finished it.
      await deps.outbox.finishAttempt(message.id, {
        attempt: message.attempts,
        at: now,
        ok: false,
        statusCode: null,
        error: 'The last attempt was interrupted.',
        status: 'dead',
        nextAttemptAt: now,
      });
      result.dead++;
      return;
    }
    if (!(await deps.outbox.claim(message, new Date(now.getTime() + LEASE_MS)))) return;
    const attempt = message.attempts + 1;
    try {
      const statusCode = await send(message);
      const at = deps.clock.now();
      await deps.outbox.finishAttempt(message.id, {
        attempt,
        at,
        ok: true,
        statusCode,
        error: null,
        status: 'sent',
        nextAttemptAt: at,
      });
      result.sent++;
    } catch (error) {
      const at = deps.clock.now();
      const next =
        error instanceof PermanentFailure
          ? { status: 'dead' as const, nextAttemptAt: at }
          : afterFailure(attempt, at);
      await deps.outbox.finishAttempt(message.id, {
        attempt,
        at,
        ok: false,
        statusCode: statusOf(error),
        error: errorText(error),
        ...next,
      });
      if (next.status === 'dead') result.dead++;
      else result.failed++;
    }
  }

  return {
    name: 'outbox-sender',
    intervalMs: 5_000,
    batchLimit,
    async run(): Promise<OutboxRunResult> {
      const now = deps.clock.now();
      const result: OutboxRunResult = { sent: 0, failed: 0, dead: 0, purged: 0 };
      // Messages of one case go out one after another, in order; cases in parallel.
      const groups = new Map<string, OutboxMessage[]>();
      for (const message of await deps.outbox.findDue(now, batchLimit)) {
        const key = message.caseId ?? message.id;
        groups.set(key, [...(groups.get(key) ?? []), message]);
      }
      const queue = [...groups.values()];
      const worker = async () => {
        for (let group = queue.shift(); group; group = queue.shift()) {
          for (const message of group) await deliver(message, result);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      result.purged = await deps.outbox.purgeFinished(
        new Date(now.getTime() - KEEP_MS),
        batchLimit * 4,
      );
      return result;
    },
  };
}
