/**
 * `npm run bench [-- --quick]`: runs every benchmark in this process, prints a table and
 * writes `bench/results/latest.json`. Each figure stands beside a ceiling measured in the
 * same run, so ratios hold across machines; goals are printed, never asserted in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchImport } from './import.bench.ts';
import { benchIntake } from './intake.bench.ts';
import { benchLocate } from './locate.bench.ts';
import { benchPostgres } from './postgres.bench.ts';
import { benchQueue } from './queue.bench.ts';
import { benchRss } from './rss.bench.ts';
import { benchSummary } from './summary.bench.ts';
import { benchWebSize } from './web-size.bench.ts';

const quick = process.argv.includes('--quick');
// Other work on the machine skews every figure: the load at the start is recorded with them.
const loadAtStart = loadavg()[0] ?? 0;
const results: Record<string, number | string> = {};
const rows: [string, string, string][] = [];

function row(name: string, value: number, goal: string) {
  rows.push([name, value.toLocaleString('en-US'), goal]);
}

/** A case count as a key suffix: 10k, 100k, 1m. */
function sizeLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
}

process.stdout.write('locate: building 100,000 synthetic grid cells…\n');
const locate = benchLocate({ quick });
Object.assign(results, {
  locate_per_s: locate.locate_per_s,
  locate_ceiling_per_s: locate.locate_ceiling_per_s,
  locate_ratio: locate.locate_ratio,
  locate_cells: locate.cells,
  locate_index_build_ms: locate.buildMs,
});
if (locate.agreement < 1)
  throw new Error(`locate and its ceiling disagree on ${(1 - locate.agreement) * 100}% of points`);
row('locate_per_s', locate.locate_per_s, '≥ 400,000');
row('locate_ceiling_per_s', locate.locate_ceiling_per_s, '(ceiling)');
row('locate_ratio', locate.locate_ratio, '≥ 0.7');
row('locate_index_build_ms', locate.buildMs, '');

process.stdout.write("web: measuring the resident page's initial JavaScript…\n");
const web = await benchWebSize();
if (web.echartsInitial) throw new Error('ECharts is in the initial JavaScript: import it lazily');
Object.assign(results, {
  web_initial_js_kb: web.web_initial_js_kb,
  web_initial_js_files: web.web_initial_js_files,
});
row('web_initial_js_kb', web.web_initial_js_kb, '< 250 (gzipped, resident page)');

process.stdout.write(
  'intake: seeding the demo and 10,000 grid cells, then POST /api/v1/cases against a bare Fastify POST…\n',
);
const intake = await benchIntake({ quick });
Object.assign(results, {
  intake_per_s: intake.intake_per_s,
  intake_p50_ms: intake.intake_p50_ms,
  intake_p99_ms: intake.intake_p99_ms,
  hello_post_per_s: intake.hello_post_per_s,
  hello_post_p99_ms: intake.hello_post_p99_ms,
  intake_ratio: intake.intake_ratio,
  intake_cells: intake.cells,
  intake_seconds: intake.seconds,
});
row('intake_per_s', intake.intake_per_s, '(cases created per second)');
row('intake_p50_ms', intake.intake_p50_ms, '');
row('intake_p99_ms', intake.intake_p99_ms, '< 50');
row('hello_post_per_s', intake.hello_post_per_s, '(ceiling)');
row('intake_ratio', intake.intake_ratio, '≥ 0.30');

process.stdout.write(
  'postgres: a throwaway cluster (durable defaults), the demo and 10,000 cells; intake with one instance, then two on one database; sweeps and conflicting actions through both…\n',
);
const pgBench = await benchPostgres({ quick });
const intakePgRatio = Number((pgBench.intake_pg_per_s / intake.hello_post_per_s).toFixed(3));
Object.assign(results, {
  intake_pg_per_s: pgBench.intake_pg_per_s,
  intake_pg_p50_ms: pgBench.intake_pg_p50_ms,
  intake_pg_p99_ms: pgBench.intake_pg_p99_ms,
  intake_pg_c1_per_s: pgBench.intake_pg_c1_per_s,
  pg_lock_wait_share: pgBench.pg_lock_wait_share,
  intake_pg_ratio: intakePgRatio,
  intake_pg2_per_s: pgBench.intake_pg2_per_s,
  intake_pg2_p99_ms: pgBench.intake_pg2_p99_ms,
  intake_pg2_ratio: pgBench.intake_pg2_ratio,
  pg_sweeps_a: pgBench.sweeps_a,
  pg_sweeps_b: pgBench.sweeps_b,
  sweeper_overlaps: pgBench.sweeper_overlaps,
  pg_overdue_backlog: pgBench.overdue_backlog,
  pg_overdue_marked_twice: pgBench.overdue_marked_twice,
  pg_conflict_actions: pgBench.conflict_actions,
  pg_conflict_winners: pgBench.conflict_winners,
  pg_conflict_409: pgBench.conflict_409,
  pg_audit_chain_ok: pgBench.audit_chain_ok ? 1 : 0,
});
row('intake_pg_per_s', pgBench.intake_pg_per_s, '(one instance, 32 connections)');
row('intake_pg_p99_ms', pgBench.intake_pg_p99_ms, '< 50');
row('intake_pg_ratio', intakePgRatio, '(of hello_post_per_s, the ceiling)');
row('intake_pg_c1_per_s', pgBench.intake_pg_c1_per_s, '(one connection: the serial baseline)');
row('pg_lock_wait_share', pgBench.pg_lock_wait_share, '(busy backends waiting on a row lock)');
row('intake_pg2_per_s', pgBench.intake_pg2_per_s, '(two instances, 16 + 16 connections)');
row('intake_pg2_p99_ms', pgBench.intake_pg2_p99_ms, '');
row('intake_pg2_ratio', pgBench.intake_pg2_ratio, '(two / one instance)');
row('pg_sweeps_a', pgBench.sweeps_a, '(sweeps run by instance A)');
row('pg_sweeps_b', pgBench.sweeps_b, '(sweeps run by instance B)');
row('sweeper_overlaps', pgBench.sweeper_overlaps, '= 0 (from job_runs)');
row('pg_overdue_marked_twice', pgBench.overdue_marked_twice, `= 0 (of ${pgBench.overdue_backlog})`);
row(
  'pg_conflict_409',
  pgBench.conflict_409,
  `(${pgBench.conflict_actions} actions, ${pgBench.conflict_winners} won)`,
);
row('pg_audit_chain_ok', pgBench.audit_chain_ok ? 1 : 0, '= 1');

process.stdout.write(
  `summary: synthetic cities of ${quick ? '5,000 and 50,000 cases over 5,000 cells (quick)' : '1,000,000 and 10,000,000 cases over 100,000 cells'}, made once by civicgrid generate and cached in bench/.cache…\n`,
);
const summary = await benchSummary({ quick });
for (const size of [summary.small, summary.large]) {
  const label = sizeLabel(size.cases);
  Object.assign(results, {
    [`summary_p50_ms_${label}`]: size.p50,
    [`summary_p95_ms_${label}`]: size.p95,
    [`summary_ceiling_p50_ms_${label}`]: size.ceilingP50,
    [`summary_ceiling_p95_ms_${label}`]: size.ceilingP95,
    [`summary_counter_rows_${label}`]: size.counterRows,
    [`generate_seconds_${label}`]: size.generatedS,
  });
  const goal =
    label === '10m' ? '< 20' : quick && size === summary.large ? '(goal < 20 at 10m)' : '';
  row(`summary_p50_ms_${label}`, size.p50, '');
  row(`summary_p95_ms_${label}`, size.p95, goal);
  row(`summary_ceiling_p95_ms_${label}`, size.ceilingP95, '(ceiling)');
  row(
    `generate_seconds_${label}`,
    size.generatedS,
    size.generatedNow ? '(made in this run)' : '(cached; time it took to make)',
  );
}
const summaryRatio = Number((summary.large.ceilingP95 / summary.large.p95).toFixed(3));
Object.assign(results, {
  summary_ratio: summaryRatio,
  summary_growth: summary.growth,
  summary_period: `${summary.from}..${summary.to}`,
});
row('summary_ratio', summaryRatio, '(ceiling p95 / summary p95)');
row(
  'summary_growth',
  summary.growth,
  `< 1.5 (p95 ${sizeLabel(summary.large.cases)} / ${sizeLabel(summary.small.cases)})`,
);

process.stdout.write(
  "queue: first page of a street dispatcher's work queue (registered; overdue) on the same cities…\n",
);
const queue = await benchQueue({ quick });
for (const size of [queue.small, queue.large]) {
  const label = sizeLabel(size.cases);
  const goal = label === '10m' || (quick && size === queue.large) ? '< 15' : '';
  Object.assign(results, {
    [`queue_p50_ms_${label}`]: size.registered.p50,
    [`queue_p95_ms_${label}`]: size.registered.p95,
    [`queue_ceiling_p95_ms_${label}`]: size.registered.ceilingP95,
    [`queue_overdue_p95_ms_${label}`]: size.overdue.p95,
    [`queue_overdue_ceiling_p95_ms_${label}`]: size.overdue.ceilingP95,
  });
  row(`queue_p95_ms_${label}`, size.registered.p95, quick && goal ? `${goal} (goal at 10m)` : goal);
  row(`queue_ceiling_p95_ms_${label}`, size.registered.ceilingP95, '(ceiling)');
  row(`queue_overdue_p95_ms_${label}`, size.overdue.p95, goal);
  row(`queue_overdue_ceiling_p95_ms_${label}`, size.overdue.ceilingP95, '(ceiling)');
}
results.queue_street = queue.large.street;

process.stdout.write('rss: the server on the larger city under a mixed read load…\n');
const rss = await benchRss({ quick });
const rssLabel = sizeLabel(rss.cases);
Object.assign(results, {
  [`rss_mb_${rssLabel}`]: rss.rssMb,
  [`rss_idle_mb_${rssLabel}`]: rss.idleMb,
  [`rss_reads_per_s_${rssLabel}`]: rss.perSecond,
});
row(`rss_mb_${rssLabel}`, rss.rssMb, quick ? '(goal < 300 at 10m)' : '< 300');
row(`rss_idle_mb_${rssLabel}`, rss.idleMb, '(right after start-up)');
row(`rss_reads_per_s_${rssLabel}`, rss.perSecond, '(mixed reads during the sampling)');

process.stdout.write(
  `import: civicgrid import-cases of ${quick ? '20,000' : '200,000'} CSV rows beside a raw batched insert of the same rows…\n`,
);
const imported = await benchImport({ quick });
Object.assign(results, {
  import_per_s: imported.import_per_s,
  import_ceiling_per_s: imported.import_ceiling_per_s,
  import_ratio: imported.import_ratio,
  import_rows: imported.rows,
  import_seconds: imported.import_seconds,
});
row('import_per_s', imported.import_per_s, '(rows imported per second)');
row('import_ceiling_per_s', imported.import_ceiling_per_s, '(ceiling)');
row('import_ratio', imported.import_ratio, '≥ 0.6');

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
results.machine = machine;
results.load_at_start = Number(loadAtStart.toFixed(2));
results.date = new Date().toISOString();
results.mode = quick ? 'quick' : 'full';

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`\n${'figure'.padEnd(width)}  ${'value'.padStart(12)}  goal\n`);
for (const [name, value, goal] of rows)
  process.stdout.write(`${name.padEnd(width)}  ${value.padStart(12)}  ${goal}\n`);
process.stdout.write(`\nmachine: ${machine}; load average ${loadAtStart.toFixed(2)} at start\n`);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('wrote bench/results/latest.json\n');
