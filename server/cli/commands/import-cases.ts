/** `civicgrid import-cases FILE.csv [--dry-run]`: cases from another system, with a progress bar. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError } from '../../domain/errors.ts';
import type { ImportCases } from '../../services/import-cases.ts';
import { createProgressBar, type ProgressOutput } from '../progress-bar.ts';

/**
 * Checks and imports the file, drawing progress on `progressOutput` (standard error) and
 * the outcome through `out`.
 * @throws ValidationError when the file cannot be read or has bad rows (nothing written).
 */
export async function runImportCases(
  importCases: ImportCases,
  file: string,
  options: { dryRun?: boolean },
  out: (line: string) => void,
  progressOutput: ProgressOutput,
): Promise<void> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new ValidationError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const bars = {
    check: createProgressBar('checking', progressOutput),
    write: createProgressBar('importing', progressOutput),
  };
  let last = { phase: 'check', rows: 0, total: null as number | null };
  const summary = await importCases(
    { name: basename(file), size, open: () => createReadStream(file) },
    {
      dryRun: options.dryRun,
      actorLogin: 'cli:import-cases',
      onProgress: (p) => {
        if (p.phase !== last.phase) bars.check.finish(last.rows, last.total);
        last = { phase: p.phase, rows: p.rows, total: p.totalRows };
        bars[p.phase].update(p.rows, p.totalRows, p.totalBytes > 0 ? p.bytes / p.totalBytes : null);
      },
    },
  );
  bars[last.phase === 'write' ? 'write' : 'check'].finish(last.rows, last.total);
  const skipped =
    summary.alreadyImported > 0
      ? `; ${summary.alreadyImported} already imported, skipped${
          summary.changedSinceImport > 0
            ? ` (${summary.changedSinceImport} of them differ from the first import and were not updated)`
            : ''
        }`
      : '';
  out(
    summary.dryRun
      ? `Checked ${file}: ${summary.rows} rows, all valid; ${summary.imported} would be imported${skipped}. Nothing was written (--dry-run).`
      : `Imported ${file}: ${summary.imported} cases created from ${summary.rows} rows${skipped}.`,
  );
}
