/**
 * The log of background-job runs: which instance ran which job, from when to when, and
 * how it ended. Written by the job runner while it holds the job's lock, so operators
 * (and the two-instance benchmark) can see from the database that runs never overlap,
 * and when the sweeper last ran. Kept for a day by the runner itself.
 * Frozen in time: never imports app code, never edited after release.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // Null while the run is going on (or when its process died during the run).
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('result', 'text')
    .execute();
  await db.schema
    .createIndex('job_runs_job_started_idx')
    .on('job_runs')
    .columns(['job', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
}
