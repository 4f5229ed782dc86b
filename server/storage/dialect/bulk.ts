/**
 * Bulk loading (the synthetic-city generator): multi-row statements with each dialect's
 * placeholders, and the session settings that make a long load fast on each dialect.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../database.ts';

/** `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on PostgreSQL. */
export function valuesPlaceholders(db: Db, rows: number, columns: number): string {
  const groups: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < columns; c++) marks.push(db.dialect === 'postgres' ? `$${++n}` : '?');
    groups.push(`(${marks.join(', ')})`);
  }
  return groups.join(', ');
}

/** Tables whose secondary indexes a bulk load into empty tables builds once at the end. */
const REINDEXED_TABLES = ['cases', 'case_departments'];

/** The secondary indexes of the bulk-loaded tables: name and the statement that makes it. */
async function secondaryIndexes(db: Db): Promise<{ name: string; create: string }[]> {
  const tables = REINDEXED_TABLES.map((t) => `'${t}'`).join(', ');
  if (db.dialect === 'sqlite') {
    // Indexes behind primary keys and unique constraints have no SQL and stay.
    const rows = await sql<{ name: string; sql: string }>`${sql.raw(
      `select name, sql from sqlite_master where type = 'index' and tbl_name in (${tables}) and sql is not null`,
    )}`.execute(db.kysely);
    return rows.rows.map((r) => ({ name: r.name, create: r.sql }));
  }
  const rows = await sql<{ name: string; sql: string }>`${sql.raw(
    `select indexname as name, indexdef as sql from pg_indexes
     where schemaname = current_schema() and tablename in (${tables})
       and indexname not in (select conname from pg_constraint)`,
  )}`.execute(db.kysely);
  return rows.rows.map((r) => ({ name: r.name, create: r.sql }));
}

/**
 * Settings for the rest of a bulk load, undone by the function it returns. With
 * `dropIndexes` (the loaded tables are empty), the secondary indexes of cases are dropped
 * and built again at the end, from their stored definitions: one sort instead of millions
 * of scattered inserts. SQLite: no journal while loading into empty tables and no waits
 * for the disk (a load cut short leaves a database to throw away, as the missing
 * indexes already would), a 1 GiB page cache keeps the keys being inserted in memory. PostgreSQL: each batch sets `synchronous_commit` itself (see
 * `batchSettings`).
 */
export async function beginBulkLoad(
  db: Db,
  options: { dropIndexes: boolean },
): Promise<() => Promise<void>> {
  const k = db.kysely;
  const dropped = options.dropIndexes ? await secondaryIndexes(db) : [];
  for (const index of dropped) await sql`drop index ${sql.id(index.name)}`.execute(k);
  const rebuild = async () => {
    for (const index of dropped) await sql.raw(index.create).execute(k);
  };
  if (db.dialect !== 'sqlite') {
    return async () => {
      await rebuild();
      await sql.raw(`analyze ${REINDEXED_TABLES.join(', ')}`).execute(k);
    };
  }
  const read = async (name: string) =>
    Object.values(
      (await sql.raw(`pragma ${name}`).execute(k)).rows[0] as Record<string, unknown>,
    )[0];
  const synchronous = await read('synchronous');
  const cacheSize = await read('cache_size');
  const journal = String(await read('journal_mode'));
  // Into empty tables nothing is worth a journal: pages go straight to the file, once.
  if (options.dropIndexes) await sql.raw('pragma journal_mode = OFF').execute(k);
  await sql.raw('pragma synchronous = OFF').execute(k);
  await sql.raw('pragma cache_size = -1048576').execute(k);
  return async () => {
    await rebuild();
    await sql.raw(`pragma cache_size = ${Number(cacheSize)}`).execute(k);
    await sql.raw(`pragma journal_mode = ${journal === 'off' ? 'wal' : journal}`).execute(k);
    await sql.raw(`pragma synchronous = ${Number(synchronous)}`).execute(k);
    await sql.raw('pragma wal_checkpoint(TRUNCATE)').execute(k);
  };
}

/** Statements to run first inside each batch's transaction. */
export function batchSettings(db: Db): CompiledQuery[] {
  // A lost batch of synthetic data on a crash is acceptable; waiting for each flush is not.
  return db.dialect === 'postgres' ? [CompiledQuery.raw('set local synchronous_commit = off')] : [];
}

/**
 * Statements that add the text of the cases with SQLite rowids above `afterRowid` to the
 * search index (PostgreSQL indexes the rows themselves: none).
 */
export function bulkIndexCaseText(db: Db, afterRowid: number): CompiledQuery[] {
  if (db.dialect !== 'sqlite') return [];
  return [
    CompiledQuery.raw(
      `insert into cases_fts (rowid, title, description, address)
       select rowid, title, description, coalesce(address, '') from cases where rowid > ?`,
      [afterRowid],
    ),
  ];
}

/** The highest SQLite rowid of `cases` (0 when empty, and always 0 on PostgreSQL). */
export async function lastCaseRowid(db: Db): Promise<number> {
  if (db.dialect !== 'sqlite') return 0;
  const row = (
    await sql<{ n: number | null }>`select max(rowid) as n from cases`.execute(db.kysely)
  ).rows[0];
  return Number(row?.n ?? 0);
}
