/**
 * The log of background-job runs (`job_runs`): the runner writes a row when it starts a
 * run under the job's lock and completes it before releasing the lock, so the rows of one
 * job never overlap in time unless the lock failed. Rows older than a day are pruned.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../database.ts';

/** How long finished runs are kept. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** One logged run. */
export interface JobRun {
  id: string;
  job: string;
  holder: string;
  startedAt: string;
  finishedAt: string | null;
  /** `ok`, `failed`, `lease-lost` (the run went on after its lock could not be renewed), or null while running. */
  outcome: string | null;
  result: string | null;
}

/** Builds the job-run store. */
export function createJobRunStore(db: Db) {
  const k = db.kysely;
  return {
    /** Logs the start of a run; returns its id. */
    async start(job: string, holder: string, at: Date): Promise<string> {
      const id = randomUUID();
      await k
        .insertInto('job_runs')
        .values({
          id,
          job,
          holder,
          started_at: at.toISOString(),
          finished_at: null,
          outcome: null,
          result: null,
        })
        .execute();
      return id;
    },

    /** Logs the end of a run and prunes the job's runs older than a day. */
    async finish(id: string, at: Date, outcome: string, result: string | null): Promise<void> {
      const row = await k
        .updateTable('job_runs')
        .set({ finished_at: at.toISOString(), outcome, result })
        .where('id', '=', id)
        .returning('job')
        .executeTakeFirst();
      if (!row) return;
      await k
        .deleteFrom('job_runs')
        .where('job', '=', row.job)
        .where('started_at', '<', new Date(at.getTime() - KEEP_MS).toISOString())
        .execute();
    },

    /** When each job last finished a run successfully (on any instance). */
    async lastSuccess(): Promise<{ job: string; at: string }[]> {
      const rows = await k
        .selectFrom('job_runs')
        .select(['job', (eb) => eb.fn.max('finished_at').as('at')])
        .where('outcome', '=', 'ok')
        .groupBy('job')
        .execute();
      return rows.flatMap((r) => (r.at ? [{ job: r.job, at: r.at }] : []));
    },

    /** The runs of `job` (every job when null), oldest first. */
    async list(job: string | null = null): Promise<JobRun[]> {
      let query = k.selectFrom('job_runs').selectAll().orderBy('started_at').orderBy('id');
      if (job !== null) query = query.where('job', '=', job);
      return (await query.execute()).map((r) => ({
        id: r.id,
        job: r.job,
        holder: r.holder,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        outcome: r.outcome,
        result: r.result,
      }));
    },
  };
}

/**
 * Pairs of runs of the same job whose time spans overlap (a running row counts as going on
 * until `now`): empty when the lock kept the job to one instance at a time.
 */
export function findOverlappingRuns(runs: readonly JobRun[], now: Date): [JobRun, JobRun][] {
  const end = (r: JobRun) => r.finishedAt ?? now.toISOString();
  const sorted = [...runs].sort(
    (a, b) => a.job.localeCompare(b.job) || a.startedAt.localeCompare(b.startedAt),
  );
  const overlaps: [JobRun, JobRun][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as JobRun;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as JobRun;
      if (b.job !== a.job || b.startedAt >= end(a)) break;
      overlaps.push([a, b]);
    }
  }
  return overlaps;
}
