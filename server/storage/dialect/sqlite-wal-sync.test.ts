import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWalSync } from './sqlite-wal-sync.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civicgrid-wal-sync-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the write-ahead log syncer', () => {
  it('answers every request once a sync that started after it has returned', async () => {
    const file = join(dir, 'db.sqlite');
    const db = new SqliteDatabase(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('create table t (x integer)');
    const syncer = createWalSync(file);
    const insert = db.prepare('insert into t (x) values (?)');
    const order: string[] = [];
    const requests = Array.from({ length: 20 }, (_, k) => {
      insert.run(k);
      return syncer.sync().then(() => order.push(`synced ${k}`));
    });
    order.push('requested');
    await Promise.all(requests);
    // None answered synchronously; all answered.
    expect(order[0]).toBe('requested');
    expect(order).toHaveLength(21);
    await syncer.close();
    db.close();
  });

  it('stays failed after a failure: nothing is acknowledged again', async () => {
    // No log file to sync: the first request fails, and so does every later one.
    const syncer = createWalSync(join(dir, 'missing.sqlite'));
    await expect(syncer.sync()).rejects.toThrow(/ENOENT/);
    await expect(syncer.sync()).rejects.toThrow(/ENOENT/);
    await syncer.close();
  });
});
