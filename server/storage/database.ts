/** Opening the database (SQLite or PostgreSQL) and migrating it. */
import { join } from 'node:path';
import { Kysely, Migrator, sql } from 'kysely';
import { createGroupCommit, type WriteTransaction } from './group-commit.ts';
import { createPostgresDialect } from './dialect/postgres.ts';
import { createSqliteDialect, createSqliteReaderDialect } from './dialect/sqlite.ts';
import { startCheckpointer } from './dialect/sqlite-checkpointer.ts';
import { createWalSync } from './dialect/sqlite-wal-sync.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema/database.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Group commits written at once on PostgreSQL (of the pool's ten connections). Two gave
 * about a quarter more reports a second than one on the PostgreSQL bench; four gave no
 * more, and a longer tail, as groups queue at the shared rows.
 */
const PG_WRITERS = 2;

/** An open database: the query builder, which dialect it speaks, and how to close it. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where it lives, without credentials (for logs and the start-up banner). */
  location: string;
  /**
   * A write transaction for a change that is answered to a user: concurrent ones share
   * one transaction and one durable commit (`group-commit.ts`), each in its savepoint.
   */
  writeTransaction: WriteTransaction<Database>;
  /**
   * Resolves once every change committed so far is durable. A change becomes visible to
   * reads at its COMMIT, which on SQLite can come a few milliseconds before the log's sync
   * (`group-commit.ts`): a read that acknowledges a change (an idempotent replay) waits
   * for this first.
   */
  durable(): Promise<void>;
  /**
   * For reads outside any transaction that may see the last committed state a moment
   * late (never for a read that decides a write): on SQLite a separate read-only
   * connection that never waits for an open write transaction; on PostgreSQL the pool.
   */
  reader: Kysely<Database>;
  close(): Promise<void>;
}

/** Where to find the database: a `postgres://` URL, or a SQLite file (or `:memory:`). */
export type DbTarget = { databaseUrl: string } | { sqliteFile: string };

/** The SQLite file inside a data folder. */
export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, 'civicgrid.sqlite');
}

/** Opens the database; it is not migrated yet (see `migrateToLatest`). */
export function openDatabase(target: DbTarget): Db {
  if ('databaseUrl' in target) {
    const { dialect, pool } = createPostgresDialect(target.databaseUrl);
    const kysely = new Kysely<Database>({ dialect });
    const url = new URL(target.databaseUrl);
    url.password = url.password ? '***' : '';
    return {
      kysely,
      dialect: 'postgres',
      location: url.toString(),
      // Groups are written on up to two pooled connections at once: a group's round
      // trips are what a report waits for, and the rows all groups share (counters, the
      // audit chain's head) are written at each group's end, in one order.
      // After eight groups in a row where no change failed, a group is written without a
      // savepoint per change (two round trips fewer each); one that fails is written again
      // with them.
      writeTransaction: createGroupCommit(kysely, {
        concurrency: PG_WRITERS,
        optimisticAfter: 8,
      }).writeTransaction,
      durable: () => Promise.resolve(),
      reader: kysely,
      close: async () => {
        await kysely.destroy();
        await pool.end().catch(() => undefined);
      },
    };
  }
  const { dialect, raw } = createSqliteDialect(target.sqliteFile);
  const kysely = new Kysely<Database>({ dialect });
  const inMemory = target.sqliteFile === ':memory:';
  // Group commits sync the log in the thread pool, not inside their COMMIT; every other
  // transaction keeps `synchronous = FULL`.
  const walSync = inMemory ? null : createWalSync(target.sqliteFile);
  const { writeTransaction } = createGroupCommit(kysely, {
    deferredSync: walSync
      ? {
          unsynced: (work) =>
            kysely.connection().execute(async (connection) => {
              await sql`pragma synchronous = normal`.execute(connection);
              try {
                return await work(connection);
              } finally {
                await sql`pragma synchronous = full`.execute(connection);
              }
            }),
          sync: () => walSync.sync(),
        }
      : undefined,
  });
  const reader = inMemory
    ? kysely
    : new Kysely<Database>({ dialect: createSqliteReaderDialect(target.sqliteFile) });
  // Checkpoints of the write-ahead log run in a worker thread, not inside a commit.
  const checkpointer = inMemory
    ? null
    : startCheckpointer(target.sqliteFile, raw, {
        onError: (message) => process.emitWarning(`SQLite checkpoint failed: ${message}`),
      });
  return {
    kysely,
    dialect: 'sqlite',
    location: target.sqliteFile,
    writeTransaction,
    durable: () => walSync?.sync() ?? Promise.resolve(),
    reader,
    close: async () => {
      await walSync?.close();
      await checkpointer?.stop();
      if (reader !== kysely) await reader.destroy();
      await kysely.destroy();
    },
  };
}

function migrator(db: Db): Migrator {
  return new Migrator({ db: db.kysely, provider: migrationProvider });
}

function check(result: Awaited<ReturnType<Migrator['migrateToLatest']>>): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${message}`);
  }
  return (result.results ?? []).map(
    (r) => `${r.direction === 'Up' ? 'up' : 'down'} ${r.migrationName}`,
  );
}

/** Runs every pending migration; returns what ran. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

/** Reverts the last migration; returns what ran. */
export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Reverts every migration. */
export async function migrateToEmpty(db: Db): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}

/** True when the database answers a trivial query. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db.kysely);
    return true;
  } catch {
    return false;
  }
}
