/**
 * Real databases for tests: a fresh SQLite file or a fresh PostgreSQL database in the
 * run's cluster, migrated. Store and API tests loop over both with `DIALECTS`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import {
  migrateToLatest,
  openDatabase,
  type Db,
  type DialectName,
} from '../../server/storage/database.ts';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

/** An open test database and how to throw it away. */
export interface TestDb {
  db: Db;
  /** The PostgreSQL URL of the database (to open a second pool on it, as a second instance would); null on SQLite. */
  url: string | null;
  drop(): Promise<void>;
}

/** Creates an empty, unmigrated database of the dialect. */
export async function createEmptyDb(dialect: DialectName): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'civicgrid-sqlite-'));
    const db = openDatabase({ sqliteFile: join(dir, 'test.sqlite') });
    return {
      db,
      url: null,
      async drop() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  const name = `cg_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Creates a migrated, empty database of the dialect. */
export async function createTestDb(dialect: DialectName): Promise<TestDb> {
  const test = await createEmptyDb(dialect);
  await migrateToLatest(test.db);
  return test;
}
