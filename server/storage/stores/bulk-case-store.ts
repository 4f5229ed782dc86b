/**
 * Bulk writes of synthetic cases (the `civicgrid generate` command and the benchmarks):
 * batches of rows written with multi-row statements, each batch in one transaction with
 * the departments, counters and gauges its cases imply.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../database.ts';
import {
  batchSettings,
  beginBulkLoad,
  bulkIndexCaseText,
  lastCaseRowid,
  valuesPlaceholders,
} from '../dialect/bulk.ts';
import type { CasesTable } from '../schema/cases.table.ts';
import { counterMetricsOf } from './counter-metrics.ts';

/** The columns of `cases` a bulk row fills, in order. */
export const BULK_CASE_COLUMNS = [
  'id',
  'tracking_code',
  'category_id',
  'title',
  'description',
  'address',
  'lat',
  'lon',
  'near_tile',
  'area_id',
  'area_path',
  'located_area_id',
  'priority',
  'channel',
  'status',
  'suspended_from',
  'department_id',
  'handler_id',
  'responsible_lead',
  'reporter_user_id',
  'reporter_name',
  'reporter_phone',
  'reporter_email',
  'reporter_consent',
  'attributes',
  'duplicate_of',
  'satisfaction',
  'answer',
  'rework_count',
  'supervised',
  'escalations',
  'stage',
  'stage_due_at',
  'stage_overdue',
  'escalate_at',
  'due_counted',
  'deadlines',
  'suspended_at',
  'version',
  'created_at',
  'updated_at',
  'closed_at',
] as const satisfies readonly (keyof CasesTable)[];

type Value = string | number | null;

/** One batch: case rows (in `BULK_CASE_COLUMNS` order) and what they add to other tables. */
export interface CaseBatch {
  cases: Value[][];
  /** `[caseId, departmentId, role]`. */
  departments: [string, string, 'lead' | 'co'][];
  /**
   * `[areaKey, period, metricKey, n]` (`server/domain/cases/counter-keys.ts`) in key
   * order, added to what is stored.
   */
  counters: [number, number, number, number][];
  /** The names of the metric keys used by `counters`. */
  metricNames: string[];
  /** `[areaId, metric, n]`, added to what is stored. */
  gauges: [string, string, number][];
}

/** Rows per statement, under both dialects' limits on bound parameters. */
const CASE_ROWS = 500;
const SMALL_ROWS = 2000;

/** Builds the bulk writer over an open database. */
export function createBulkCaseStore(db: Db) {
  const dictionary = counterMetricsOf(db);
  const statements = new Map<string, string>();
  /** One multi-row statement for `rows` rows of `columns` columns (texts are kept). */
  function statement(head: string, tail: string, rows: number, columns: number): string {
    const key = `${head}\u0000${rows}`;
    let text = statements.get(key);
    if (!text) {
      text = `${head} values ${valuesPlaceholders(db, rows, columns)}${tail}`;
      statements.set(key, text);
    }
    return text;
  }
  function chunks(head: string, tail: string, rows: readonly Value[][], size: number) {
    const out: CompiledQuery[] = [];
    for (let i = 0; i < rows.length; i += size) {
      const part = rows.slice(i, i + size);
      const width = part[0]?.length ?? 0;
      // A plain loop: Array.prototype.flat is several times slower on rows this wide.
      const params = new Array<Value>(part.length * width);
      let n = 0;
      for (const row of part) for (const value of row) params[n++] = value;
      out.push(CompiledQuery.raw(statement(head, tail, part.length, width), params));
    }
    return out;
  }
  let indexText = false;
  let indexedUpTo = 0;

  return {
    /**
     * Switches the connection to bulk-load settings until the returned function runs;
     * with `searchIndex`, each batch also adds its cases to the SQLite search index. Into
     * empty tables, the secondary indexes are built once when the load ends.
     */
    async begin(options: { searchIndex: boolean }): Promise<() => Promise<void>> {
      indexText = options.searchIndex;
      indexedUpTo = await lastCaseRowid(db);
      const empty = !(await this.hasCases());
      return beginBulkLoad(db, { dropIndexes: empty });
    },

    /** Writes one batch in one transaction. */
    async write(batch: CaseBatch): Promise<void> {
      const queries = [
        ...batchSettings(db),
        ...chunks(
          `insert into cases (${BULK_CASE_COLUMNS.join(', ')})`,
          '',
          batch.cases,
          CASE_ROWS,
        ),
        ...chunks(
          'insert into case_departments (case_id, department_id, role)',
          '',
          batch.departments,
          SMALL_ROWS,
        ),
        ...chunks(
          'insert into case_counters (area_key, period, metric_key, n)',
          ' on conflict (area_key, period, metric_key) do update set n = case_counters.n + excluded.n',
          batch.counters,
          SMALL_ROWS,
        ),
        ...chunks(
          'insert into case_gauges (area_id, metric, n)',
          ' on conflict (area_id, metric) do update set n = case_gauges.n + excluded.n',
          batch.gauges,
          SMALL_ROWS,
        ),
      ];
      if (indexText && batch.cases.length > 0) queries.push(...bulkIndexCaseText(db, indexedUpTo));
      await db.kysely.transaction().execute(async (trx) => {
        await dictionary.write(trx, batch.metricNames);
        for (const query of queries) await trx.executeQuery(query);
      });
      if (indexText && batch.cases.length > 0) indexedUpTo = await lastCaseRowid(db);
    },

    /** True when the database holds at least one case. */
    async hasCases(): Promise<boolean> {
      const rows = await sql`select 1 as one from cases limit 1`.execute(db.kysely);
      return rows.rows.length > 0;
    },
  };
}

/** The bulk writer. */
export type BulkCaseStore = ReturnType<typeof createBulkCaseStore>;
