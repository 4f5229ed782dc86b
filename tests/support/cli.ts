/** Runs the `civicgrid` command as a user would, in its own process, on a data folder. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** A new, empty data folder for one run of the command. */
export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'civicgrid-cli-'));
}

/** Runs `civicgrid` on a data folder (SQLite there, whatever DATABASE_URL says): its exit code and output. */
export async function civicgrid(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', ['bin/civicgrid.js', ...args], {
      env: { ...process.env, CIVICGRID_DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
