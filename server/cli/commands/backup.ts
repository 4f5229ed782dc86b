/**
 * `civicgrid backup <folder>`: a consistent copy of the database and the attachments in a
 * new folder, taken while the server runs.
 *
 * - SQLite: `VACUUM INTO` on a read-only connection writes a compact snapshot of the file
 *   as of one instant (SQLite's online copy); writers are never blocked, and a write that
 *   commits meanwhile is simply not in it. The copy is then checked: `quick_check`, and its
 *   audit chain verified as `civicgrid verify-audit` does.
 * - PostgreSQL: `pg_dump --format=custom` (one consistent snapshot too), checked by
 *   `pg_restore --list`.
 *
 * Attachments are content-addressed files written before the row that names them, so the
 * ones copied after the snapshot include every one it names; on SQLite the command checks
 * that. A `backup.json` manifest says what was copied. Restoring is described in
 * docs/deployment.md ("Backups").
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../../config.ts';
import { ValidationError } from '../../domain/errors.ts';
import { openDatabase, sqliteFileIn } from '../../storage/database.ts';
import { createAuditStore } from '../../storage/stores/audit-store.ts';
import { runVerifyAudit } from './verify-audit.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Progress is printed every this many attachments (and once at the end). */
const PROGRESS_EVERY = 1000;

/** What a backup holds, as written to its `backup.json`. */
export interface BackupManifest {
  createdAt: string;
  database: 'sqlite' | 'postgres';
  /** The database file in the folder: `civicgrid.sqlite` or `civicgrid.pgdump`. */
  file: string;
  bytes: number;
  cases: number | null;
  auditEntries: number | null;
  attachments: { files: number; bytes: number };
}

/** Output channels: results on `out`, progress on `progress`. */
export interface BackupIo {
  out: (line: string) => void;
  progress: (line: string) => void;
}

/** Runs a program, passing its standard error on; rejects unless it exits 0. */
function runTool(program: string, args: string[], io: BackupIo): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (stderr.trim()) io.progress(stderr.trim());
      if (code === 0) resolvePromise(stdout);
      else reject(new ValidationError(`${program} failed (exit ${String(code)}).`));
    });
  });
}

/**
 * A PostgreSQL client program: on the PATH, or the newest under /usr/lib/postgresql
 * (Debian's server packages). @throws ValidationError naming what to install.
 */
function postgresTool(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const path = join(base, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  throw new ValidationError(
    `${name} was not found. Install PostgreSQL's client programs of the server's major version ` +
      'or newer (Debian: apt-get install postgresql-client).',
  );
}

/** The attachment files under `root` (`ab/abcd…`), temporary files left out. */
async function attachmentFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const files: string[] = [];
  for (const prefix of (await readdir(root)).sort()) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of (await readdir(join(root, prefix))).sort())
      if (SHA256_HEX.test(name) && name.startsWith(prefix)) files.push(join(prefix, name));
  }
  return files;
}

/** A folder to write into: absent or empty. @throws ValidationError otherwise. */
async function prepareFolder(folder: string, dataDir: string): Promise<void> {
  const target = resolve(folder);
  const data = resolve(dataDir);
  if (target === data || target.startsWith(`${join(data, 'attachments')}/`))
    throw new ValidationError(`Write the backup outside the data folder's own files (${data}).`);
  if (existsSync(target)) {
    if (!(await stat(target)).isDirectory())
      throw new ValidationError(`${folder} exists and is not a folder.`);
    if ((await readdir(target)).length > 0)
      throw new ValidationError(
        `${folder} is not empty: name a new or empty folder, so no backup is overwritten.`,
      );
  }
  await mkdir(target, { recursive: true });
}

/** Writes a consistent snapshot of the SQLite file at `source` to `target`. */
function snapshotSqlite(source: string, target: string): void {
  if (!existsSync(source))
    throw new ValidationError(`There is no database at ${source}: nothing to back up.`);
  const reader = new Database(source, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('busy_timeout = 5000');
    reader.prepare('vacuum into ?').run(target);
  } finally {
    reader.close();
  }
}

/**
 * Checks a SQLite copy: its integrity, its audit chain, and that every attachment it names
 * is in the backup. Returns the counts; false in `ok` when a check failed (said on `out`).
 */
async function checkSqliteCopy(
  file: string,
  attachmentsRoot: string,
  io: BackupIo,
): Promise<{ ok: boolean; cases: number; auditEntries: number }> {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  let ok = true;
  let cases: number;
  let auditEntries: number;
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      io.out(`The copy failed SQLite's quick_check: ${String(check)}`);
      ok = false;
    }
    cases = (copy.prepare('select count(*) as n from cases').get() as { n: number }).n;
    auditEntries = (copy.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    const named = copy.prepare('select distinct sha256 from attachments').pluck().all() as string[];
    const missing = named.filter(
      (sha) => !SHA256_HEX.test(sha) || !existsSync(join(attachmentsRoot, sha.slice(0, 2), sha)),
    );
    if (missing.length > 0) {
      io.out(
        `${missing.length} attachment file(s) named by the database are missing from the data folder, ` +
          `so from the backup too (first: ${missing[0] ?? ''}).`,
      );
      ok = false;
    }
  } finally {
    copy.close();
  }
  const db = openDatabase({ sqliteFile: file });
  try {
    if (!(await runVerifyAudit({ audit: createAuditStore(db) }, io.out))) ok = false;
  } finally {
    await db.close();
  }
  return { ok, cases, auditEntries };
}

/**
 * Backs up the configured database and the attachments into `folder` (new or empty).
 * Returns the manifest and whether every check passed (the caller exits 1 otherwise).
 * @throws ValidationError for a folder that is in use, a missing database or tool.
 */
export async function runBackup(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  folder: string,
  io: BackupIo,
): Promise<{ ok: boolean; manifest: BackupManifest }> {
  await prepareFolder(folder, config.dataDir);
  const createdAt = new Date().toISOString();
  const postgres = Boolean(config.databaseUrl);
  const file = postgres ? 'civicgrid.pgdump' : 'civicgrid.sqlite';
  const target = join(folder, file);

  io.progress(
    postgres
      ? 'Dumping the PostgreSQL database (pg_dump, one consistent snapshot)…'
      : 'Copying the SQLite database (a consistent snapshot; the server may keep running)…',
  );
  if (postgres) {
    await runTool(
      postgresTool('pg_dump'),
      ['--format=custom', '--no-owner', `--file=${target}`, `--dbname=${config.databaseUrl}`],
      io,
    );
  } else snapshotSqlite(sqliteFileIn(config.dataDir), target);
  const bytes = (await stat(target)).size;

  // After the snapshot: every file it names was written before its row.
  const source = join(config.dataDir, 'attachments');
  const copied = join(folder, 'attachments');
  const files = await attachmentFiles(source);
  let attachmentBytes = 0;
  for (const [i, name] of files.entries()) {
    await mkdir(join(copied, name.slice(0, 2)), { recursive: true });
    await copyFile(join(source, name), join(copied, name));
    attachmentBytes += (await stat(join(copied, name))).size;
    if ((i + 1) % PROGRESS_EVERY === 0) io.progress(`  … ${i + 1} of ${files.length} attachments`);
  }

  let ok = true;
  let cases: number | null = null;
  let auditEntries: number | null = null;
  if (postgres) {
    const listing = await runTool(postgresTool('pg_restore'), ['--list', target], io);
    if (!/TABLE DATA \S+ cases /.test(listing)) {
      io.out('The dump does not list the data of the cases table.');
      ok = false;
    }
  } else {
    const checked = await checkSqliteCopy(target, copied, io);
    ({ ok, cases, auditEntries } = checked);
  }

  const manifest: BackupManifest = {
    createdAt,
    database: postgres ? 'postgres' : 'sqlite',
    file,
    bytes,
    cases,
    auditEntries,
    attachments: { files: files.length, bytes: attachmentBytes },
  };
  await writeFile(join(folder, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  io.out(
    `Backed up to ${folder}: ${file} (${bytes.toLocaleString('en-US')} bytes` +
      (cases === null ? '' : `, ${cases.toLocaleString('en-US')} cases`) +
      `), ${files.length.toLocaleString('en-US')} attachments (${attachmentBytes.toLocaleString('en-US')} bytes).`,
  );
  if (!ok) io.out('Some checks of the backup failed (see above).');
  return { ok, manifest };
}
