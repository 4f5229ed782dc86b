/** SQLite specifics: the embedded file, its pragmas, and how it reports its health. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/**
 * Opens (creating when missing) the SQLite file. WAL lets readers run beside the single
 * writer; `synchronous = FULL` makes every acknowledged commit survive a crash or power
 * loss; foreign keys are off by default in SQLite and must be switched on per connection.
 */
export function createSqliteDialect(file: string): {
  dialect: SqliteDialect;
  raw: SqliteDatabase.Database;
} {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  return { dialect: dialectOf(raw), raw };
}

/**
 * A second, read-only connection to the same file (opened after the writer made it
 * WAL). Under WAL a reader never waits for the writer: reads on the request path that
 * need no transaction run here while a write transaction is open on the main connection
 * (which Kysely's SQLite driver holds for the whole transaction), so concurrent requests
 * reach their writes together and share a commit (`group-commit.ts`).
 */
export function createSqliteReaderDialect(file: string): SqliteDialect {
  const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  return dialectOf(raw);
}

function dialectOf(raw: SqliteDatabase.Database): SqliteDialect {
  // SQLite's own lower() folds ASCII only; searches compare lower(column) with a pattern
  // JavaScript lower-cased, as PostgreSQL's lower() does for every script (Émile, Ольга).
  // No index is built on lower(), so replacing it changes no stored order.
  raw.function('lower', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  // Kysely prepares every statement anew; the same few dozen SQL texts run on every
  // request, so prepared statements are kept (one connection runs one query at a time,
  // so a statement is never used twice at once).
  const statements = new Map<string, SqliteDatabase.Statement>();
  const database = {
    close: () => raw.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = raw.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  return new SqliteDialect({ database });
}
