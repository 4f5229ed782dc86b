/**
 * `civicgrid generate --cases N --cells M`: writes a synthetic city into the configured
 * database, with a progress line on standard error (cases written of the total, rate,
 * time left) and a summary on standard output.
 */
import { ValidationError } from '../../domain/errors.ts';
import { createGenerateCity, type GenerateResult } from '../../services/generate-city.ts';
import type { Services } from '../../services/container.ts';
import { createBulkCaseStore } from '../../storage/stores/bulk-case-store.ts';
import type { GridNumberWidth } from '../../domain/areas/area-code.ts';

/** The options as commander hands them over (strings). */
export interface GenerateCliOptions {
  cases: string;
  cells: string;
  seed: string;
  searchIndex: boolean;
}

/** Where the command writes: the summary, the progress, and whether it is a terminal. */
export interface GenerateOutput {
  out: (line: string) => void;
  progress: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Figures with thousands separators. */
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** Parses a count such as `10000000`, `10_000_000`, `10,000,000`, `10m` or `100k`. */
export function parseCount(name: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.replace(/[_,]/g, '').trim());
  const value = m
    ? Number(m[1]) * ({ k: 1e3, m: 1e6 }[(m[2] ?? '').toLowerCase()] ?? 1)
    : Number.NaN;
  if (!Number.isInteger(value))
    throw new ValidationError(`--${name} must be a whole number (e.g. 1000000, 1m, 100k).`, [
      { field: `/${name}`, message: `"${text}" is not a whole number` },
    ]);
  return value;
}

/** Runs the command over opened services; returns what was made. */
export async function runGenerate(
  services: Pick<Services, 'db' | 'clock' | 'importAreas' | 'seedDemo' | 'reference' | 'stores'>,
  gridNumberWidth: GridNumberWidth,
  options: GenerateCliOptions,
  output: GenerateOutput,
): Promise<GenerateResult> {
  const cases = parseCount('cases', options.cases);
  const cells = parseCount('cells', options.cells);
  const seed = parseCount('seed', options.seed);
  const generateCity = createGenerateCity({
    bulk: createBulkCaseStore(services.db),
    areas: services.stores.areas,
    importAreas: (file) => services.importAreas(file),
    seedDemo: () => services.seedDemo(),
    reference: services.reference,
    clock: services.clock,
    gridNumberWidth,
  });
  const tty = output.progress.isTTY === true;
  const started = performance.now();
  let casesStarted = started;
  let lastShown = 0;
  const write = (text: string) => output.progress.write(text);
  const result = await generateCity({
    cases,
    cells,
    seed,
    searchIndex: options.searchIndex,
    onPhase: (phase, detail) => {
      if (phase === 'cases') casesStarted = performance.now();
      if (phase === 'totals' && tty) write('\n');
      write(`${detail}…\n`);
    },
    onProgress: (written, total) => {
      const now = performance.now();
      // A terminal gets one line redrawn twice a second; a log a line every 10 seconds.
      if (written < total && now - lastShown < (tty ? 500 : 10_000)) return;
      lastShown = now;
      const seconds = (now - casesStarted) / 1000;
      const rate = written / Math.max(seconds, 0.001);
      const line = `  ${fmt(written)} / ${fmt(total)} cases (${((written / Math.max(total, 1)) * 100).toFixed(1)} %), ${fmt(rate)} cases/s, ${duration(seconds)} elapsed, about ${duration((total - written) / rate)} left`;
      write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    },
  });
  if (tty) write('\n');
  output.out(
    `Generated district ${result.districtCode}: ${fmt(result.cells)} grid cells, ${fmt(result.cases)} cases up to ${result.endAt} in ${duration(result.seconds)}.`,
  );
  const open = Object.entries(result.byStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status} ${fmt(n)}`)
    .join(', ');
  if (open) output.out(`By status: ${open}.`);
  output.out(
    `To see them, sign in with a grant on ${result.districtCode}, e.g. civicgrid create-user --login city-staff --password-stdin --grant supervisor:${result.districtCode} --grant admin:${result.districtCode}`,
  );
  return result;
}
