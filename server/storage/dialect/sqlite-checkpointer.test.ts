import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './sqlite-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openWriter() {
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-checkpointer-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.exec('create table t (id integer primary key, body text not null)');
  return { file, writer };
}

/** Writes about `pages` pages of rows, one commit per 100 rows. */
function write(writer: Database.Database, pages: number) {
  const insert = writer.prepare('insert into t (body) values (?)');
  const many = writer.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run('x'.repeat(1000));
  });
  for (let i = 0; i < pages; i += 25) many(100);
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the SQLite checkpointer', () => {
  it('keeps commits from checkpointing: the log waits for the worker', async () => {
    const { file, writer } = openWriter();
    const checkpointer = startCheckpointer(file, writer, { intervalMs: 600_000 });
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(writer, 3000);
    // In WAL mode the database file grows only by checkpoints: none ran on commit.
    expect(statSync(file).size).toBeLessThan(1_000_000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(10_000_000);
    // Stopping runs a last checkpoint, and the writer checkpoints for itself again.
    await checkpointer.stop();
    expect(statSync(file).size).toBeGreaterThan(10_000_000);
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    writer.close();
  });

  it('checkpoints the log in its worker as the writer goes on', async () => {
    const { file, writer } = openWriter();
    const checkpointer = startCheckpointer(file, writer, { intervalMs: 50 });
    write(writer, 3000);
    await until(() => statSync(file).size > 10_000_000);
    const wal = statSync(`${file}-wal`).size;
    // Once all was copied, the writer starts the log over instead of growing it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    write(writer, 400);
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(wal);
    await checkpointer.stop();
    expect((writer.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(13_600);
    writer.close();
  });

  it('hands checkpoints back to the writer when its worker cannot open the file', async () => {
    const { writer } = openWriter();
    const errors: string[] = [];
    const checkpointer = startCheckpointer('/nonexistent/db.sqlite', writer, {
      onError: (message) => errors.push(message),
    });
    await until(() => writer.pragma('wal_autocheckpoint', { simple: true }) === 1000);
    expect(errors.join('\n')).toMatch(/unable to open|directory does not exist|SQLITE_CANTOPEN/i);
    await checkpointer.stop();
    writer.close();
  });
});
