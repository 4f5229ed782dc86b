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
  return { dialect: new SqliteDialect({ database: raw }), raw };
}
