/** PostgreSQL specifics: the pool and the one place where pg's value types are converted. */
import pg from 'pg';
import { PostgresDialect } from 'kysely';

// int8 (COUNT(*), SUM) arrives as a string by default; our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// NUMERIC (e.g. AVG over integers) likewise.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** Creates a pooled dialect for a `postgres://` URL. */
export function createPostgresDialect(
  url: string,
  max = 10,
): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle pooled connection that the server ends (restart, failover, an admin) is
  // reported on the pool; without a listener Node would crash the process. The pool
  // replaces the connection on next use.
  pool.on('error', (error) => {
    process.stderr.write(
      `${JSON.stringify({ level: 40, msg: 'idle PostgreSQL connection lost', err: error.message })}\n`,
    );
  });
  return { dialect: new PostgresDialect({ pool }), pool };
}
