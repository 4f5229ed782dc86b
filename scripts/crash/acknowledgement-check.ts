/**
 * After a restart: is every acknowledged operation still there, and does the audit chain
 * hold? Cases are observed through the API (as the demo dispatcher) after each trial, and
 * straight from the SQLite file, read-only, for the whole run at the end. Each version bump
 * writes exactly one timeline event, so the event that made version v is the v-th one.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createVerifyAudit } from '../../server/services/verify-audit.ts';
import { sqliteFileIn, type Db } from '../../server/storage/database.ts';
import type { Database } from '../../server/storage/schema/database.ts';
import { createAuditStore } from '../../server/storage/stores/audit-store.ts';
import type { LoopbackClient } from './loopback-client.ts';
import type { Ack } from './workload.ts';

/** A case as found after the restart: its version, tracking code and timeline actions. */
export interface ObservedCase {
  version: number;
  trackingCode: string;
  actions: (string | null)[];
}

/** Looks cases up; undefined when the case is not there. */
export type ObserveCases = (ids: string[]) => Promise<Map<string, ObservedCase | undefined>>;

/** An acknowledged operation that the restarted server does not show, and why. */
export interface Loss {
  ack: Ack;
  reason: string;
}

/** Every acknowledged operation that is missing or older than acknowledged. */
export async function findLosses(acks: Ack[], observe: ObserveCases): Promise<Loss[]> {
  const ids = [...new Set(acks.map((a) => a.caseId))];
  const found = await observe(ids);
  const losses: Loss[] = [];
  for (const ack of acks) {
    const c = found.get(ack.caseId);
    const lose = (reason: string) => losses.push({ ack, reason });
    if (!c) {
      lose('the case is missing');
      continue;
    }
    if (c.version < ack.version) {
      lose(`the case is at version ${c.version}, below the acknowledged ${ack.version}`);
      continue;
    }
    if (c.actions.length < ack.version) {
      lose(`the timeline has ${c.actions.length} events, fewer than version ${ack.version}`);
      continue;
    }
    const made = c.actions[ack.version - 1];
    if (ack.kind === 'report') {
      if (c.trackingCode !== ack.trackingCode) {
        lose(`tracking code ${c.trackingCode}, acknowledged ${ack.trackingCode}`);
      } else if (made !== 'report') {
        lose(`the first timeline event is "${made}", not the report`);
      }
    } else if (made !== ack.action) {
      lose(
        `event ${ack.version} of the timeline is "${made}", not the acknowledged "${ack.action}"`,
      );
    }
  }
  return losses;
}

/** Observes cases through the API, `concurrency` at a time; 5xx and transport errors retry. */
export function observeOverHttp(
  client: LoopbackClient,
  cookie: string,
  concurrency = 6,
): ObserveCases {
  const get = async (path: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await client.send(path, { headers: { cookie } });
        if (answer.status < 500 || attempt === 3) return answer;
      } catch (error) {
        if (attempt === 3) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  };
  return async (ids) => {
    const found = new Map<string, ObservedCase | undefined>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        const one = await get(`/api/v1/cases/${id}`);
        if (one.status === 404) {
          found.set(id, undefined);
          continue;
        }
        if (one.status !== 200) throw new Error(`GET case ${id}: ${one.status}`);
        const events = await get(`/api/v1/cases/${id}/events`);
        if (events.status !== 200) throw new Error(`GET events of ${id}: ${events.status}`);
        const body = one.body as { version: number; trackingCode: string };
        const items = (events.body as { items: { action: string | null }[] }).items;
        found.set(id, {
          version: body.version,
          trackingCode: body.trackingCode,
          actions: items.map((e) => e.action),
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return found;
  };
}

/**
 * Opens the data folder's SQLite file read-only (never a second writer beside the server;
 * a read-only connection also never checkpoints the WAL on close).
 */
export function openReadOnly(dataDir: string): Db {
  const file = sqliteFileIn(dataDir);
  const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    kysely,
    dialect: 'sqlite',
    location: file,
    writeTransaction: () => Promise.reject(new Error('the crash check opens the file read-only')),
    durable: () => Promise.resolve(),
    reader: kysely,
    close: () => kysely.destroy(),
  };
}

/** Observes cases straight from the database, in one read. */
export function observeInDatabase(db: Db): ObserveCases {
  return async (ids) => {
    const wanted = new Set(ids);
    const found = new Map<string, ObservedCase | undefined>(ids.map((id) => [id, undefined]));
    await db.kysely.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('cases')
        .select(['id', 'version', 'tracking_code'])
        .execute();
      for (const row of rows) {
        if (wanted.has(row.id)) {
          found.set(row.id, {
            version: Number(row.version),
            trackingCode: row.tracking_code,
            actions: [],
          });
        }
      }
      const events = await trx
        .selectFrom('case_events')
        .select(['case_id', 'action'])
        .orderBy('case_id')
        .orderBy('id')
        .execute();
      for (const event of events) found.get(event.case_id)?.actions.push(event.action);
    });
    return found;
  };
}

/** Timeline events written by the system (the deadline sweeper), by action. */
export async function countSweeperEvents(db: Db): Promise<Record<string, number>> {
  const rows = await db.kysely
    .selectFrom('case_events')
    .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('actor_id', 'is', null)
    .where('action', 'in', ['overdue', 'escalate'])
    .groupBy('action')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.action ?? 'none', Number(r.n)]));
}

/** The verdict of the audit chain, with how many entries it holds. */
export interface AuditVerdict {
  ok: boolean;
  checked: number;
  detail: string;
}

/** Verifies the whole audit chain with the product's own verifier over `db`. */
export async function verifyAuditChain(db: Db): Promise<AuditVerdict> {
  const verify = createVerifyAudit({ audit: createAuditStore(db) });
  const verdict = await verify({ batch: 5000 });
  return verdict.ok
    ? { ok: true, checked: verdict.checked, detail: `${verdict.checked} entries` }
    : {
        ok: false,
        checked: verdict.seq - 1,
        detail: `broken at entry #${verdict.seq}: ${verdict.reason}`,
      };
}
