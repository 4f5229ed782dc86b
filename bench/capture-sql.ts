/**
 * The SQL the app runs, captured for ceilings: while `capture` runs its work, every
 * statement better-sqlite3 reads rows with is recorded with its parameters, so a
 * benchmark can time the very same statements bare on a second connection.
 */
import Database from 'better-sqlite3';

const captured: { sql: string; params: unknown[] }[] = [];
let capturing = false;
const originalPrepare = Database.prototype.prepare;
Database.prototype.prepare = function prepare(this: Database.Database, source: string) {
  const statement = originalPrepare.call(this, source) as Database.Statement;
  const all = statement.all.bind(statement);
  statement.all = ((...params: unknown[]) => {
    if (capturing) captured.push({ sql: source, params });
    return all(...params);
  }) as typeof statement.all;
  return statement;
} as typeof Database.prototype.prepare;

/** Runs `work` and returns what it returned with the statements it ran, in order. */
export async function capture<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: { sql: string; params: unknown[] }[] }> {
  captured.length = 0;
  capturing = true;
  try {
    const result = await work();
    return { result, statements: [...captured] };
  } finally {
    capturing = false;
  }
}

/** The captured statements prepared on `reader`, run bare by `run()`. */
export function bare(
  reader: Database.Database,
  statements: readonly { sql: string; params: unknown[] }[],
): { run: () => void; count: number } {
  const prepared = statements.map((s) => ({ st: reader.prepare(s.sql), params: s.params }));
  return {
    count: prepared.length,
    run: () => {
      for (const p of prepared) p.st.all(...p.params);
    },
  };
}
