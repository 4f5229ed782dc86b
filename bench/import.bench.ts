/**
 * Bulk import of cases from CSV (`civicgrid import-cases`): a generated file of 200,000
 * rows (20,000 with `--quick`) imported in process — the same `importCases` the command
 * calls, both passes (check, then route and write) — into a fresh SQLite database holding
 * the demo and the 10,000 cells of the synthetic district; beside a ceiling measured in
 * the same run: the same resulting rows (cases, lead departments, search text, timeline,
 * counters, gauges, audit entries, external ids) inserted into a copy of the same
 * database, batch by batch in the same transactions and statements, through bare
 * better-sqlite3 prepared statements, with no parsing, checks, routing or deadlines.
 */
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { byStoredKey, createCounterKeyer, metricKey } from '../server/domain/cases/counter-keys.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';
import { IMPORT_STATUSES } from '../server/domain/cases/case-import.ts';
import { openRuntime } from '../server/runtime.ts';
import { createImportCases } from '../server/services/import-cases.ts';
import { sqliteFileIn } from '../server/storage/database.ts';
import { BULK_CACHE_KIB } from '../server/storage/dialect/bulk-cache.ts';
import { createMultiRowInsert, type BoundValue } from '../server/storage/dialect/multi-row.ts';
import {
  createCaseImportStore,
  type ImportBatch,
} from '../server/storage/stores/case-import-store.ts';
import { AUDIT_COLUMNS } from '../server/storage/stores/audit-store.ts';
import { caseToRow } from '../server/storage/stores/case-store.ts';
import { round, seededRandom } from './support.ts';
import { syntheticDistrict } from './synthetic-district.ts';

const BATCH = 1000;
const DAY = 86_400_000;

/** Writes `rows` CSV rows of plausible migrated cases at points of the district. */
async function writeCsv(
  file: string,
  rows: number,
  categories: readonly string[],
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number },
  now: number,
): Promise<void> {
  const rand = seededRandom(6);
  const out = createWriteStream(file);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)] as T;
  const words = ['street light', 'rubbish', 'standing water', 'broken bench', 'blocked drain'];
  let chunk =
    'external_id,category,title,description,lat,lon,address,priority,channel,reported_at,status,department,closed_at,answer,satisfaction\n';
  for (let k = 0; k < rows; k++) {
    const reported = now - DAY - Math.floor(rand() * 365 * DAY);
    const u = rand();
    // A migration is mostly history: 70 % closed, 5 % rejected, the rest still open.
    const status = u < 0.7 ? 'closed' : u < 0.75 ? 'rejected' : pick(IMPORT_STATUSES.slice(0, 6));
    const final = status === 'closed' || status === 'rejected';
    const closed = final ? Math.min(now - 60_000, reported + Math.floor(rand() * 20 * DAY)) : null;
    const lon = bbox.minLon + 1e-5 + rand() * (bbox.maxLon - bbox.minLon - 2e-5);
    const lat = bbox.minLat + 1e-5 + rand() * (bbox.maxLat - bbox.minLat - 2e-5);
    const what = pick(words);
    chunk += [
      `legacy-${k}`,
      pick(categories),
      rand() < 0.5 ? `Legacy ${what}` : '',
      `"Migrated report ${k}: ${what} near building ${1 + Math.floor(rand() * 40)}, noticed by a resident"`,
      lat.toFixed(6),
      lon.toFixed(6),
      rand() < 0.6
        ? `"Lane ${1 + Math.floor(rand() * 90)}, No. ${1 + Math.floor(rand() * 200)}"`
        : '',
      rand() < 0.3 ? pick(['urgent', 'high', 'normal', 'low']) : '',
      pick(['phone', 'web', 'walk_in', 'field', '']),
      new Date(reported).toISOString(),
      status,
      '',
      closed ? new Date(closed).toISOString() : '',
      status === 'closed'
        ? 'Fixed on site and checked.'
        : status === 'rejected'
          ? 'Duplicate.'
          : '',
      status === 'closed' && rand() < 0.6 ? pick(['satisfied', 'neutral', 'unsatisfied']) : '',
    ].join(',');
    chunk += '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** The batches kept by the import, one at a time. */
function* readKept(kept: readonly Buffer[]): Generator<ImportBatch> {
  for (const bytes of kept) yield deserialize(bytes) as ImportBatch;
}

/** The ceiling: the batches' rows through bare prepared statements; seconds spent writing. */
function insertRaw(
  file: string,
  batches: Iterable<ImportBatch>,
  auditOf: (batch: ImportBatch) => BoundValue[][],
): number {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = raw.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const insert = createMultiRowInsert('sqlite');
  const keyer = createCounterKeyer();
  // Each batch's statements are built before its clock starts: the ceiling times only writes.
  const build = (b: ImportBatch) => {
    const cases = b.cases.map(caseToRow);
    const columns = Object.keys(cases[0] as object) as (keyof (typeof cases)[0])[];
    const queries = [
      ...insert(
        'cases',
        columns,
        cases.map((r) => columns.map((c) => r[c] as BoundValue)),
      ),
      ...insert(
        'case_departments',
        ['case_id', 'department_id', 'role'],
        b.cases.flatMap((c) => (c.departmentId ? [[c.id, c.departmentId, 'lead']] : [])),
      ),
      ...insert(
        'case_events',
        Object.keys(b.events[0] as object),
        b.events.map((e) => Object.values(e) as BoundValue[]),
      ),
      ...insert(
        'counter_metrics',
        ['key', 'name'],
        [...new Set(b.counters.map((row) => row[2]))].map((name) => [metricKey(name), name]),
        ' on conflict (key) do nothing',
      ),
      ...insert(
        'case_counters',
        ['area_key', 'period', 'metric_key', 'n'],
        b.counters
          .map(([area, day, metric, n]) => keyer.row(area, day, metric, n))
          .sort(byStoredKey),
        ' on conflict (area_key, period, metric_key) do update set n = case_counters.n + excluded.n',
      ),
      ...insert(
        'case_gauges',
        ['area_id', 'metric', 'n'],
        b.gauges,
        ' on conflict (area_id, metric) do update set n = case_gauges.n + excluded.n',
      ),
      ...insert(
        'case_imports',
        ['external_id', 'case_id', 'row_hash', 'imported_at'],
        b.imports.map((r) => [r.external_id, r.case_id, r.row_hash, r.imported_at]),
      ),
    ];
    const ids = b.cases.map((c) => c.id);
    const fts = `insert into cases_fts (rowid, title, description, address)
      select rowid, title, description, coalesce(address, '') from cases
      where id in (${ids.map(() => '?').join(', ')})`;
    const auditRows = auditOf(b);
    const auditQueries = insert('audit_log', AUDIT_COLUMNS, auditRows);
    const last = auditRows[auditRows.length - 1];
    return { queries, fts, ids, auditQueries, n: auditRows.length, hash: last?.[9] ?? null };
  };
  let ms = 0;
  let rows = 0;
  for (const batch of batches) {
    const p = build(batch);
    rows += batch.cases.length;
    const started = performance.now();
    raw.exec('begin');
    for (const q of p.queries) prepare(q.sql).run(...(q.parameters as BoundValue[]));
    prepare(p.fts).run(...p.ids);
    prepare('update audit_head set seq = seq + ? where id = 1 returning seq, hash').get(p.n);
    for (const q of p.auditQueries) prepare(q.sql).run(...(q.parameters as BoundValue[]));
    prepare('update audit_head set hash = ? where id = 1').run(p.hash);
    raw.exec('commit');
    ms += performance.now() - started;
  }
  const seconds = ms / 1000;
  const stored = (raw.prepare('select count(*) as n from cases').get() as { n: number }).n;
  raw.close();
  if (stored < rows) throw new Error(`import ceiling: ${stored} cases stored, ${rows} written`);
  return seconds;
}

/** Runs the benchmark; returns rows/s of the import, of its ceiling, and their ratio. */
export async function benchImport(options: { quick?: boolean } = {}) {
  const rows = Number(process.env.BENCH_IMPORT_ROWS) || (options.quick ? 20_000 : 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-bench-import-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CIVICGRID_DATA_DIR: join(dir, 'import'),
      LOG_LEVEL: 'silent',
      CIVICGRID_JOBS: 'false',
      CIVICGRID_SEED_DEMO: 'false',
      CIVICGRID_GRID_NUMBER_WIDTH: '2',
      PORT: '1',
    };
    delete env.DATABASE_URL;
    const district = syntheticDistrict();
    const csv = join(dir, 'cases.csv');
    const ceilingFile = join(dir, 'ceiling.sqlite');

    let runtime = await openRuntime(loadConfig(env));
    try {
      await runtime.services.seedDemo();
      await runtime.services.importAreas(district.file);
      const ref = await runtime.services.reference.current();
      const leaves = ref.categories
        .filter((c) => !ref.parentCategoryIds.has(c.id))
        .map((c) => c.code);
      await writeCsv(csv, rows, leaves, district.bbox, Date.now());
    } finally {
      await runtime.db.close();
    }
    // The ceiling starts from the same database: seeded, with the same cells.
    copyFileSync(sqliteFileIn(join(dir, 'import')), ceilingFile);

    runtime = await openRuntime(loadConfig(env));
    // Each written batch is kept for the ceiling serialised, outside the JavaScript heap
    // (a growing heap would slow the import's garbage collection) and off the disk (its
    // write-back would compete with the import's commits). Keeping it is not timed.
    const kept: Buffer[] = [];
    let keepingMs = 0;
    let seconds: number;
    let auditFrom: number;
    try {
      const store = createCaseImportStore(runtime.db);
      const services = runtime.services;
      // The command's use case, with a store that also keeps each batch for the ceiling.
      const importCases = createImportCases({
        store: {
          begin: () => store.begin(),
          findImported: (ids) => store.findImported(ids),
          writeBatch: async (batch) => {
            const t = performance.now();
            kept.push(serialize(batch));
            keepingMs += performance.now() - t;
            await store.writeBatch(batch);
          },
        },
        locator: services.locator,
        reference: services.reference,
        clock: services.clock,
        ids: services.ids,
        batchSize: BATCH,
      });
      auditFrom = (await services.stores.audit.readHead())?.seq ?? 0;
      const size = statSync(csv).size;
      const started = performance.now();
      const summary = await importCases({
        name: 'cases.csv',
        size,
        open: () => createReadStream(csv),
      });
      seconds = (performance.now() - started - keepingMs) / 1000;
      if (summary.imported !== rows)
        throw new Error(`import: ${summary.imported} of ${rows} rows imported`);
    } finally {
      await runtime.db.close();
    }

    // The audit rows as the import stored them (their sequence numbers and hashes).
    const source = new Database(sqliteFileIn(join(dir, 'import')), { readonly: true });
    const select = source.prepare(
      'select seq, at, actor_id, actor_login, action, subject_type, subject_id, details, prev_hash, hash from audit_log where seq > ? order by seq limit ?',
    );
    let from = auditFrom;
    const auditOf = (b: ImportBatch) => {
      const part = select.raw().all(from, b.audit.length) as BoundValue[][];
      from += b.audit.length;
      return part;
    };
    let ceilingSeconds: number;
    try {
      ceilingSeconds = insertRaw(ceilingFile, readKept(kept), auditOf);
    } finally {
      source.close();
    }
    const importPerS = Math.round(rows / seconds);
    const ceilingPerS = Math.round(rows / ceilingSeconds);
    return {
      rows,
      import_seconds: round(seconds, 1),
      import_per_s: importPerS,
      import_ceiling_per_s: ceilingPerS,
      import_ratio: round(importPerS / ceilingPerS, 3),
      csv_mb: round(statSync(csv).size / 2 ** 20, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && /import\.bench\.ts$/.test(process.argv[1])) {
  const result = await benchImport({ quick: process.argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
