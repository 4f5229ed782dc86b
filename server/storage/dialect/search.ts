/**
 * Full-text search over a case's title, description and address: SQLite keeps an FTS5
 * trigram index (substring matches in Chinese and English); PostgreSQL matches with
 * ILIKE, served by a pg_trgm GIN index when the extension is available. Queries shorter
 * than three characters (common in Chinese: 路灯) fall back to a plain substring match.
 */
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema/database.ts';

/** Adds the text of several new cases to the SQLite index in one statement. */
export async function indexCasesText(
  trx: Kysely<Database> | Transaction<Database>,
  dialect: DialectName,
  caseIds: readonly string[],
): Promise<void> {
  if (dialect !== 'sqlite' || caseIds.length === 0) return;
  await sql`insert into cases_fts (rowid, title, description, address)
    select rowid, title, description, coalesce(address, '') from cases
    where id in (${sql.join(caseIds)})`.execute(trx);
}

/** A `like … escape '\\'` pattern matching `q` anywhere, with its wildcards taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** A condition on the `cases` table (alias `c`) that the text matches `q`. */
export function caseTextMatches(dialect: DialectName, q: string): Expression<SqlBool> {
  if (dialect === 'postgres') {
    return sql<SqlBool>`(coalesce(c.title,'') || ' ' || c.description || ' ' || coalesce(c.address,'')) ilike ${likePattern(q)}`;
  }
  if ([...q].length >= 3) {
    const phrase = `"${q.replace(/"/g, '""')}"`;
    return sql<SqlBool>`c.rowid in (select rowid from cases_fts where cases_fts match ${phrase})`;
  }
  const pattern = likePattern(q);
  return sql<SqlBool>`(c.title like ${pattern} escape '\\' or c.description like ${pattern} escape '\\' or coalesce(c.address,'') like ${pattern} escape '\\')`;
}
