/** Webhook subscriptions: a URL, the event types it wants, and the secret that signs them. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';
import type { WebhooksTable } from '../schema/outbox.table.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A subscription as stored, with its secret (never shown after creation). */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  secret: string;
  active: boolean;
  /** Ids root → the subscribing admin's area: only cases inside it are delivered. */
  areaPath: string[];
  createdAt: string;
}

function rowToWebhook(row: WebhooksTable): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    secret: row.secret,
    active: Number(row.active) === 1,
    areaPath: row.area_path.split('/').filter(Boolean),
    createdAt: row.created_at,
  };
}

/** Builds the webhook store. */
export function createWebhookStore(db: Db) {
  const k = db.kysely;
  return {
    /** Stores a new, active subscription. */
    async insert(exec: Executor, webhook: Omit<Webhook, 'active'>): Promise<void> {
      await exec
        .insertInto('webhooks')
        .values({
          id: webhook.id,
          url: webhook.url,
          events: JSON.stringify(webhook.events),
          secret: webhook.secret,
          active: 1,
          area_path: `/${webhook.areaPath.join('/')}/`,
          created_at: webhook.createdAt,
        })
        .execute();
    },

    /** Active subscriptions, oldest first. */
    async listActive(): Promise<Webhook[]> {
      // Plain SQL: read with every reload of the reference data and every admin listing.
      const { rows } = await sql<WebhooksTable>`select * from webhooks where active = 1
        order by created_at, id`.execute(db.reader);
      return rows.map(rowToWebhook);
    },

    /** One subscription (active or removed), or undefined. */
    async findById(id: string): Promise<Webhook | undefined> {
      const row = await k
        .selectFrom('webhooks')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rowToWebhook(row) : undefined;
    },

    /** Removes a subscription: inactive, its secret blanked. False when it was not active. */
    async deactivate(exec: Executor, id: string): Promise<boolean> {
      const result = await exec
        .updateTable('webhooks')
        .set({ active: 0, secret: '' })
        .where('id', '=', id)
        .where('active', '=', 1)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
