/**
 * `npm run bench [-- --quick]`: runs every benchmark in this process, prints a table and
 * writes `bench/results/latest.json`. Each figure stands beside a ceiling measured in the
 * same run, so ratios hold across machines; goals are printed, never asserted in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchLocate } from './locate.bench.ts';

const quick = process.argv.includes('--quick');
const results: Record<string, number | string> = {};
const rows: [string, string, string][] = [];

function row(name: string, value: number, goal: string) {
  rows.push([name, value.toLocaleString('en-US'), goal]);
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

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
results.machine = machine;
results.date = new Date().toISOString();
results.mode = quick ? 'quick' : 'full';

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`\n${'figure'.padEnd(width)}  ${'value'.padStart(12)}  goal\n`);
for (const [name, value, goal] of rows)
  process.stdout.write(`${name.padEnd(width)}  ${value.padStart(12)}  ${goal}\n`);
process.stdout.write(`\nmachine: ${machine}\n`);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('wrote bench/results/latest.json\n');
