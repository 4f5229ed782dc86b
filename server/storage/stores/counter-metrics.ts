/**
 * The names of the metric keys of `case_counters` (`counter_metrics`). A counter row
 * stores the hash of its metric's name (`server/domain/cases/counter-keys.ts`); whoever
 * writes a counter also writes its name here, in the same transaction, unless the name is
 * known to be stored already. "Known" means read back from committed data (through
 * `db.reader`, outside any transaction), so a name written by a change that was then
 * rolled back is written again by the next change that needs it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { metricKey } from '../../domain/cases/counter-keys.ts';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const shared = new WeakMap<Db, CounterMetrics>();

/** The dictionary of an open database (one per database, shared by its stores). */
export function counterMetricsOf(db: Db): CounterMetrics {
  let metrics = shared.get(db);
  if (!metrics) shared.set(db, (metrics = createCounterMetrics(db)));
  return metrics;
}

/** Builds the dictionary over an open database. */
function createCounterMetrics(db: Db) {
  /** Names of the keys read from committed data. */
  let names = new Map<number, string>();
  let loading: Promise<void> | null = null;
  let refreshQueued = false;

  function load(): Promise<void> {
    loading ??= (async () => {
      try {
        const rows = await db.reader
          .selectFrom('counter_metrics')
          .select(['key', 'name'])
          .execute();
        names = new Map(rows.map((r) => [Number(r.key), r.name]));
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  /**
   * Reads the dictionary again soon, outside the caller's transaction (on an in-memory
   * SQLite database the reader is the writer's connection, which the transaction holds).
   */
  function refreshSoon(): void {
    if (refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      load().catch(() => undefined);
    });
  }

  return {
    /**
     * Writes, inside `trx`, the names among `metrics` not known to be stored (they go to
     * the table at most once each; a name another change stored meanwhile is kept).
     */
    async write(trx: Executor, metrics: Iterable<string>): Promise<void> {
      const missing = new Map<number, string>();
      for (const name of metrics) {
        const key = metricKey(name);
        if (names.get(key) !== name) missing.set(key, name);
      }
      if (missing.size === 0) return;
      const rows = [...missing].sort((a, b) => a[0] - b[0]);
      for (let i = 0; i < rows.length; i += 1000) {
        const part = rows.slice(i, i + 1000);
        await sql`insert into counter_metrics (key, name) values ${sql.join(
          part.map(([key, name]) => sql`(${key}, ${name})`),
        )} on conflict (key) do nothing`.execute(trx);
      }
      refreshSoon();
    },

    /**
     * The names of `keys` (outside any transaction): read again once when one is not
     * known yet; a key without a stored name is left out.
     */
    async namesOf(keys: Iterable<number>): Promise<Map<number, string>> {
      const wanted = [...keys];
      if (wanted.some((key) => !names.has(key))) await load();
      const out = new Map<number, string>();
      for (const key of wanted) {
        const name = names.get(key);
        if (name !== undefined) out.set(key, name);
      }
      return out;
    },
  };
}

/** The counter metric dictionary. */
export type CounterMetrics = ReturnType<typeof createCounterMetrics>;
