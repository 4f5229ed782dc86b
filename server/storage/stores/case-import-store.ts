/**
 * Batched writes of imported cases (`civicgrid import-cases`): each batch lands in one
 * transaction in the tables a report fills — the case and its lead department, its
 * search text, its timeline entry, day counters and gauges, its audit entry — plus the
 * external id that makes a second import of the same row a no-op. Rows go in multi-row
 * statements, so a batch of 1,000 cases costs a handful of statements.
 */
import type { Case } from '../../domain/cases/case.ts';
import { byStoredKey, createCounterKeyer } from '../../domain/cases/counter-keys.ts';
import type { Db } from '../database.ts';
import { widenPageCache } from '../dialect/bulk-cache.ts';
import { createMultiRowInsert, type BoundValue } from '../dialect/multi-row.ts';
import { indexCasesText } from '../dialect/search.ts';
import type { CaseImportsTable } from '../schema/case-imports.table.ts';
import type { CaseEventsTable } from '../schema/cases.table.ts';
import { appendAuditBatch, type AuditEntryInput } from './audit-store.ts';
import { caseToRow } from './case-store.ts';
import { counterMetricsOf } from './counter-metrics.ts';

/** One batch: the new cases and what they add to the other tables. */
export interface ImportBatch {
  cases: Case[];
  events: CaseEventsTable[];
  audit: AuditEntryInput[];
  /** `[areaId, dayOrMonth, metric, n]`, added to what is stored. */
  counters: [string, string, string, number][];
  /** `[areaId, metric, n]`, added to what is stored. */
  gauges: [string, string, number][];
  imports: CaseImportsTable[];
}

/** An earlier import of an external id. */
export interface ImportedRow {
  caseId: string;
  rowHash: string;
}

const EVENT_COLUMNS = [
  'id',
  'case_id',
  'kind',
  'action',
  'from_status',
  'to_status',
  'actor_id',
  'actor_name',
  'note',
  'public',
  'details',
  'created_at',
] as const satisfies readonly (keyof CaseEventsTable)[];
const IMPORT_COLUMNS = ['external_id', 'case_id', 'row_hash', 'imported_at'] as const;
/** Ids per lookup statement. */
const LOOKUP_CHUNK = 1000;

function rowsOf<T extends object>(items: readonly T[], columns: readonly (keyof T)[]) {
  return items.map((item) => columns.map((c) => item[c] as BoundValue));
}

/** Builds the import store over an open database. */
export function createCaseImportStore(db: Db) {
  const insert = createMultiRowInsert(db.dialect);
  const keyer = createCounterKeyer();
  const dictionary = counterMetricsOf(db);
  let caseColumns: (keyof ReturnType<typeof caseToRow>)[] | null = null;

  return {
    /** Prepares the connection for a run of batches; the function it returns ends that. */
    begin(): Promise<() => Promise<void>> {
      return widenPageCache(db);
    },

    /** The earlier imports of these external ids. */
    async findImported(externalIds: readonly string[]): Promise<Map<string, ImportedRow>> {
      const found = new Map<string, ImportedRow>();
      for (let i = 0; i < externalIds.length; i += LOOKUP_CHUNK) {
        const rows = await db.kysely
          .selectFrom('case_imports')
          .select(['external_id', 'case_id', 'row_hash'])
          .where('external_id', 'in', externalIds.slice(i, i + LOOKUP_CHUNK))
          .execute();
        for (const row of rows)
          found.set(row.external_id, { caseId: row.case_id, rowHash: row.row_hash });
      }
      return found;
    },

    /**
     * Writes one batch in one transaction: all of it, or none of it. A second writer of
     * the same external id fails on the `case_imports` key and writes nothing.
     */
    async writeBatch(batch: ImportBatch): Promise<void> {
      if (batch.cases.length === 0) return;
      const caseRows = batch.cases.map(caseToRow);
      caseColumns ??= Object.keys(caseRows[0] as object) as (keyof (typeof caseRows)[0])[];
      const columns = caseColumns;
      const queries = [
        ...insert('cases', columns, rowsOf(caseRows, columns)),
        ...insert(
          'case_departments',
          ['case_id', 'department_id', 'role'],
          batch.cases.flatMap((c) => (c.departmentId ? [[c.id, c.departmentId, 'lead']] : [])),
        ),
        ...insert('case_events', EVENT_COLUMNS, rowsOf(batch.events, EVENT_COLUMNS)),
        ...insert(
          'case_counters',
          ['area_key', 'period', 'metric_key', 'n'],
          batch.counters
            .map(([area, day, metric, n]) => keyer.row(area, day, metric, n))
            .sort(byStoredKey),
          ' on conflict (area_key, period, metric_key) do update set n = case_counters.n + excluded.n',
        ),
        ...insert(
          'case_gauges',
          ['area_id', 'metric', 'n'],
          batch.gauges,
          ' on conflict (area_id, metric) do update set n = case_gauges.n + excluded.n',
        ),
        ...insert('case_imports', IMPORT_COLUMNS, rowsOf(batch.imports, IMPORT_COLUMNS)),
      ];
      await db.kysely.transaction().execute(async (trx) => {
        await dictionary.write(trx, new Set(batch.counters.map((row) => row[2])));
        for (const query of queries) await trx.executeQuery(query);
        await indexCasesText(
          trx,
          db.dialect,
          batch.cases.map((c) => c.id),
        );
        await appendAuditBatch(trx, batch.audit, db.dialect);
      });
    },
  };
}

/** The import store. */
export type CaseImportStore = ReturnType<typeof createCaseImportStore>;
