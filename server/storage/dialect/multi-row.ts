/**
 * Multi-row statements for batched writes: one `insert … values (…), (…)` per chunk of
 * rows, with each dialect's placeholders, kept under both dialects' limits on bound
 * parameters (SQLite 32,766; PostgreSQL 65,535).
 */
import { CompiledQuery } from 'kysely';
import type { DialectName } from '../database.ts';

/** Bound parameters per statement, under both limits. */
const MAX_PARAMETERS = 30_000;

/** `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on PostgreSQL. */
function placeholders(dialect: DialectName, rows: number, columns: number): string {
  const groups: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < columns; c++) marks.push(dialect === 'postgres' ? `$${++n}` : '?');
    groups.push(`(${marks.join(', ')})`);
  }
  return groups.join(', ');
}

/** Up to this many rows, a statement has exactly as many rows as asked. */
const EXACT_UP_TO = 64;

/** A value a statement binds. */
export type BoundValue = string | number | null;

/**
 * Builds multi-row statements for one dialect; the texts are kept, so a batch of the same
 * size reuses the same (prepared) statement.
 */
export function createMultiRowInsert(dialect: DialectName) {
  const texts = new Map<string, string>();
  /**
   * The statements inserting `rows` (each in `columns` order) into `table`; `tail` follows
   * the values (e.g. an `on conflict` clause).
   */
  return function multiRowInsert(
    table: string,
    columns: readonly string[],
    rows: readonly BoundValue[][],
    tail = '',
  ): CompiledQuery[] {
    const per = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const out: CompiledQuery[] = [];
    let i = 0;
    while (i < rows.length) {
      // Full chunks, then the rest in power-of-two parts: a handful of distinct texts
      // serve every batch size, so statements are prepared once, not once per batch.
      // A small statement (one change's rows) goes whole: its sizes are few anyway.
      const left = rows.length - i;
      const size =
        left >= per ? per : left <= EXACT_UP_TO ? left : 2 ** Math.floor(Math.log2(left));
      const start = i;
      i += size;
      const key = `${table}\u0000${columns.join()}\u0000${size}\u0000${tail}`;
      let text = texts.get(key);
      if (!text) {
        text = `insert into ${table} (${columns.join(', ')}) values ${placeholders(dialect, size, columns.length)}${tail}`;
        texts.set(key, text);
      }
      const values = new Array<BoundValue>(size * columns.length);
      let at = 0;
      for (let r = start; r < i; r++) {
        const row = rows[r] as BoundValue[];
        for (let c = 0; c < columns.length; c++) values[at++] = row[c] as BoundValue;
      }
      out.push(CompiledQuery.raw(text, values));
    }
    return out;
  };
}
