/**
 * `civicgrid import-cases`: cases from another system, from a CSV file of any size
 * (docs/import-cases.md). Two streaming passes, so memory does not grow with the file:
 * the first checks every row — format, category, department, location — and counts
 * what is new; only a file without a single bad row goes on to the second, which routes
 * each row, sets its deadline and writes it in batches (1,000 rows per transaction) to
 * the tables a report fills. External ids already imported are skipped, so importing
 * the same file again adds nothing, and an import cut short is finished by running it again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  buildImportedCase,
  checkImportRow,
  memoLocalDay,
  readImportHeader,
  type ImportHeader,
  type ImportRecord,
} from '../domain/cases/case-import.ts';
import { gaugeChanges } from '../domain/cases/indicators.ts';
import { routeDepartment } from '../domain/cases/routing.ts';
import { formatTrackingCode } from '../domain/cases/tracking-code.ts';
import { ValidationError, type FieldProblem } from '../domain/errors.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import type { CaseImportStore, ImportBatch } from '../storage/stores/case-import-store.ts';
import type { AreaLocator } from './area-locator.ts';
import type { ReferenceData, ReferenceDataCache } from './reference-data.ts';

/** A CSV file to import: opened once per pass. */
export interface ImportSource {
  /** For messages and the audit log (a file name, never its contents). */
  name: string;
  /** Size in bytes, for progress. */
  size: number;
  open(): Readable;
}

/** How far an import has come; `totalRows` is known once the check pass is done. */
export interface ImportProgress {
  phase: 'check' | 'write';
  rows: number;
  totalRows: number | null;
  bytes: number;
  totalBytes: number;
}

/** What an import did (or, with `dryRun`, would do). */
export interface ImportSummary {
  /** Data rows in the file. */
  rows: number;
  /** Rows written as new cases (would be, with `dryRun`). */
  imported: number;
  /** Rows whose external id was imported before: skipped. */
  alreadyImported: number;
  /** Of those, rows that differ from what was imported then (not updated). */
  changedSinceImport: number;
  dryRun: boolean;
}

/** Problems listed in full; the rest are counted. */
const MAX_LISTED = 100;
const PROGRESS_EVERY = 1000;

interface Row {
  line: number;
  fields: string[];
  bytes: number;
}

/** Data rows of the file with their line numbers; the header row is read first. */
async function* readRows(
  source: ImportSource,
  onHeader: (names: string[]) => void,
): AsyncGenerator<Row> {
  const parser = source
    .open()
    .pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  let first = true;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      if (first) {
        first = false;
        onHeader(item.record);
        continue;
      }
      yield { line: item.info.lines, fields: item.record, bytes: item.info.bytes };
    }
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new ValidationError(`${source.name} is not a valid CSV file; nothing was imported.`, [
        { field: `line ${e.lines ?? '?'}`, message: e.message },
      ]);
    }
    throw error;
  }
  if (first)
    throw new ValidationError(`${source.name} is empty: it needs a header row.`, [
      { field: 'line 1', message: 'no header row' },
    ]);
}

/** SHA-256 of a row's fields, to tell whether a re-imported row changed. */
function hashRow(fields: readonly string[]): string {
  return createHash('sha256').update(fields.join('\u001f')).digest('hex');
}

/** Builds the import use case. */
export function createImportCases(deps: {
  store: Pick<CaseImportStore, 'begin' | 'findImported' | 'writeBatch'>;
  locator: Pick<AreaLocator, 'current'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  clock: Clock;
  ids: IdGenerator;
  /** Rows per transaction. */
  batchSize?: number;
}) {
  const batchSize = deps.batchSize ?? 1000;

  /** The row's references resolved against the stored areas and reference data. */
  function resolve(
    record: ImportRecord,
    ref: ReferenceData,
    locate: (lon: number, lat: number) => string[] | null,
  ) {
    const problems: string[] = [];
    const category = ref.categoryByCode.get(record.categoryCode);
    if (!category) problems.push(`category: unknown category "${record.categoryCode}"`);
    else if (ref.parentCategoryIds.has(category.id))
      problems.push(`category: "${category.code}" is a group: choose one of its categories`);
    const department = record.departmentCode
      ? ref.departmentByCode.get(record.departmentCode)
      : undefined;
    if (record.departmentCode && !department)
      problems.push(`department: unknown department "${record.departmentCode}"`);
    const path = locate(record.lon, record.lat);
    if (!path) problems.push('lat/lon: the point lies outside every area civicgrid serves');
    return { problems, category, department, path };
  }

  /**
   * Imports the file (or only checks it, with `dryRun`).
   * @throws ValidationError naming each bad row by line number and reason; nothing is
   *   written then.
   */
  return async function importCases(
    source: ImportSource,
    options: {
      dryRun?: boolean;
      onProgress?: (progress: ImportProgress) => void;
      /** Who runs it, for the audit log. */
      actorLogin?: string;
    } = {},
  ): Promise<ImportSummary> {
    const ref = await deps.reference.current();
    const index = await deps.locator.current();
    const lineages = new Map<string, string[]>();
    const locate = (lon: number, lat: number): string[] | null => {
      const id = index.locate(lon, lat);
      if (!id) return null;
      let path = lineages.get(id);
      if (!path) {
        path = index.lineage(id);
        lineages.set(id, path);
      }
      return path;
    };
    const now = deps.clock.now();
    const progress = (
      phase: ImportProgress['phase'],
      rows: number,
      total: number | null,
      bytes: number,
    ) => options.onProgress?.({ phase, rows, totalRows: total, bytes, totalBytes: source.size });

    // Pass 1: check every row; count what is new.
    let header: ImportHeader = {};
    let width = 0;
    const problems: FieldProblem[] = [];
    let badRows = 0;
    const seen = new Map<string, number>();
    let rows = 0;
    let alreadyImported = 0;
    let changedSinceImport = 0;
    let pending: { externalId: string; fields: string[] }[] = [];
    const countImported = async () => {
      const found = await deps.store.findImported(pending.map((p) => p.externalId));
      for (const p of pending) {
        const earlier = found.get(p.externalId);
        if (!earlier) continue;
        alreadyImported++;
        if (earlier.rowHash !== hashRow(p.fields)) changedSinceImport++;
      }
      pending = [];
    };
    let lastBytes = 0;
    for await (const row of readRows(source, (names) => {
      const read = readImportHeader(names);
      if (read.problems.length > 0)
        throw new ValidationError(
          `The header row of ${source.name} is not valid; nothing was imported.`,
          read.problems,
        );
      header = read.header;
      width = names.length;
    })) {
      rows++;
      lastBytes = row.bytes;
      let rowProblems: string[];
      if (row.fields.length !== width) {
        rowProblems = [`has ${row.fields.length} fields; the header row has ${width}`];
      } else {
        const checked = checkImportRow(row.fields, header, now);
        rowProblems = checked.problems ?? resolve(checked.record, ref, locate).problems;
        if (checked.record) {
          const first = seen.get(checked.record.externalId);
          if (first !== undefined)
            rowProblems.push(
              `external_id: "${checked.record.externalId}" is also on line ${first}`,
            );
          else seen.set(checked.record.externalId, row.line);
          if (rowProblems.length === 0) {
            pending.push({ externalId: checked.record.externalId, fields: row.fields });
            if (pending.length >= batchSize) await countImported();
          }
        }
      }
      if (rowProblems.length > 0) {
        badRows++;
        for (const message of rowProblems)
          if (problems.length < MAX_LISTED) problems.push({ field: `line ${row.line}`, message });
      }
      if (rows % PROGRESS_EVERY === 0) progress('check', rows, null, row.bytes);
    }
    seen.clear();
    if (badRows > 0) {
      const more =
        problems.length >= MAX_LISTED ? ` (the first ${MAX_LISTED} problems are listed)` : '';
      throw new ValidationError(
        `${badRows} of ${rows} rows of ${source.name} have problems${more}; nothing was imported.`,
        problems,
      );
    }
    await countImported();
    progress('check', rows, rows, Math.max(lastBytes, source.size));
    const summary: ImportSummary = {
      rows,
      imported: rows - alreadyImported,
      alreadyImported,
      changedSinceImport,
      dryRun: options.dryRun === true,
    };
    if (options.dryRun || summary.imported === 0) return summary;

    // Pass 2: build and write the new rows, a batch per transaction.
    const calendar = ref.calendar;
    const localDay = memoLocalDay(calendar.timeZone);
    const stamp = now.toISOString();
    const actorLogin = options.actorLogin ?? 'system';
    let done = 0;
    let imported = 0;
    let batch: { row: Row; record: ImportRecord }[] = [];
    const writeBatch = async () => {
      const found = await deps.store.findImported(batch.map((b) => b.record.externalId));
      const fresh = batch.filter((b) => !found.has(b.record.externalId));
      const codes = randomBytes(8 * fresh.length);
      const out: ImportBatch = {
        cases: [],
        events: [],
        audit: [],
        counters: [],
        gauges: [],
        imports: [],
      };
      // Summed per area, then per day and metric: the batch writes each counter once.
      const counters = new Map<string, Map<string, [string, string, string, number]>>();
      const gauges = new Map<string, number>();
      fresh.forEach(({ row, record }, i) => {
        const { category, department, path, problems: left } = resolve(record, ref, locate);
        // The file changed since it was checked: stop before writing this batch.
        if (!category || !path || left.length > 0)
          throw new ValidationError(`${source.name} changed while it was imported.`, [
            { field: `line ${row.line}`, message: left.join('; ') },
          ]);
        const priority = record.priority ?? category.defaultPriority;
        const built = buildImportedCase(record, {
          id: deps.ids.next(),
          trackingCode: formatTrackingCode(codes.subarray(i * 8, i * 8 + 8)),
          category,
          path,
          departmentId:
            department?.id ?? routeDepartment(category.id, path, ref.categoryById, ref.rules),
          policy: ref.policyFor(category.id, priority),
          calendar,
          now,
          localDay,
        });
        const c = built.case;
        const areas = path.map((areaId) => {
          let sums = counters.get(areaId);
          if (!sums) {
            sums = new Map();
            counters.set(areaId, sums);
          }
          return sums;
        });
        for (const { day, metric, n } of built.counters) {
          const key = `${day}\u0000${metric}`;
          path.forEach((areaId, a) => {
            const sums = areas[a] as Map<string, [string, string, string, number]>;
            const row = sums.get(key);
            if (row) row[3] += n;
            else sums.set(key, [areaId, day, metric, n]);
          });
        }
        for (const g of gaugeChanges(null, c, path)) {
          const key = `${g.areaId}\u0000${g.metric}`;
          gauges.set(key, (gauges.get(key) ?? 0) + g.n);
        }
        const eventId = deps.ids.next();
        out.cases.push(c);
        out.events.push({
          id: eventId,
          case_id: c.id,
          kind: 'transition',
          action: 'import',
          from_status: null,
          to_status: c.status,
          actor_id: null,
          actor_name: null,
          note: record.answer,
          public: 1,
          details: JSON.stringify({
            externalId: record.externalId,
            channel: c.channel,
            priority,
            reportedAt: c.createdAt,
            ...(c.closedAt ? { closedAt: c.closedAt } : {}),
          }),
          created_at: stamp,
        });
        out.audit.push({
          at: now,
          actorId: null,
          actorLogin,
          action: 'case.import',
          subjectType: 'case',
          subjectId: c.id,
          details: {
            externalId: record.externalId,
            file: source.name,
            line: row.line,
            categoryId: c.categoryId,
            areaId: c.areaId,
            priority,
            channel: c.channel,
            departmentId: c.departmentId,
            version: c.version,
            status: c.status,
            eventId,
          },
        });
        out.imports.push({
          external_id: record.externalId,
          case_id: c.id,
          row_hash: hashRow(row.fields),
          imported_at: stamp,
        });
      });
      for (const sums of counters.values()) for (const row of sums.values()) out.counters.push(row);
      for (const [key, n] of gauges) {
        if (n === 0) continue;
        const [areaId, metric] = key.split('\u0000') as [string, string];
        out.gauges.push([areaId, metric, n]);
      }
      await deps.store.writeBatch(out);
      imported += fresh.length;
      done += batch.length;
      progress('write', done, rows, batch[batch.length - 1]?.row.bytes ?? 0);
      batch = [];
    };
    const end = await deps.store.begin();
    try {
      for await (const row of readRows(source, () => undefined)) {
        const checked = checkImportRow(row.fields, header, now);
        if (!checked.record)
          throw new ValidationError(`${source.name} changed while it was imported.`, [
            { field: `line ${row.line}`, message: checked.problems.join('; ') },
          ]);
        batch.push({ row, record: checked.record });
        if (batch.length >= batchSize) await writeBatch();
      }
      if (batch.length > 0) await writeBatch();
    } finally {
      await end();
    }
    return { ...summary, imported, alreadyImported: rows - imported };
  };
}

/** The import use case. */
export type ImportCases = ReturnType<typeof createImportCases>;
