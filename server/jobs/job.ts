/**
 * Background jobs: declarative and bounded. The runner takes the job's database lock
 * before each run, so across any number of instances one runs it at a time.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../storage/database.ts';
import { releaseLock, renewLock, tryLock } from '../storage/dialect/locks.ts';
import { createJobRunStore } from '../storage/stores/job-run-store.ts';

/** A job: what it is called, how often it runs, how much one run may do, and the run. */
export interface Job<R = unknown> {
  name: string;
  intervalMs: number;
  batchLimit: number;
  run(): Promise<R>;
}

/**
 * Runs a job once if its lock can be taken; returns the result, or null when another
 * holder runs it now. Each run is logged in `job_runs` (start, end, outcome) while the
 * lock is held, so the log shows which instance ran it and that no two runs overlapped.
 */
export async function runLocked<R>(
  db: Db,
  job: Job<R>,
  holder: string,
  now: () => Date = () => new Date(),
): Promise<R | null> {
  const lease = Math.max(job.intervalMs * 4, 60_000);
  const start = now();
  const held = await tryLock(db.kysely, job.name, holder, start, new Date(start.getTime() + lease));
  if (!held) return null;
  const runs = createJobRunStore(db);
  let runId: string;
  try {
    runId = await runs.start(job.name, holder, now());
  } catch (error) {
    await releaseLock(db.kysely, job.name, holder);
    throw error;
  }
  // A long run keeps its lock: it is renewed at a third of the lease, so no other
  // instance starts the same job while this one still works. A renewal still in flight
  // is awaited before the release; a lost lock is logged as the run's outcome.
  let renewing: Promise<unknown> = Promise.resolve();
  let lost = false;
  const renew = setInterval(() => {
    const at = now();
    renewing = renewLock(db.kysely, job.name, holder, new Date(at.getTime() + lease)).then(
      (kept) => {
        if (!kept) lost = true;
      },
      () => undefined,
    );
  }, lease / 3);
  renew.unref();
  let outcome = 'failed';
  let summary: string | null = null;
  try {
    const result = await job.run();
    outcome = 'ok';
    summary = result === undefined ? null : JSON.stringify(result);
    return result;
  } catch (error) {
    summary = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    clearInterval(renew);
    await renewing;
    try {
      await runs.finish(runId, now(), lost ? 'lease-lost' : outcome, summary);
    } finally {
      await releaseLock(db.kysely, job.name, holder);
    }
  }
}

/** Starts running jobs on their intervals; returns a function that stops them. */
export function startJobs(
  db: Db,
  jobs: Job[],
  log: { error(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void },
): () => Promise<void> {
  // Host and process in the holder name, so the job-run log tells which instance ran what.
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // One pending timer per job, replaced on every tick.
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const run = runLocked(db, job, holder)
        .then((result) => {
          if (result && typeof result === 'object' && Object.values(result).some((v) => v !== 0)) {
            log.info({ job: job.name, result }, 'job ran');
          }
        })
        .catch((error: unknown) => log.error({ err: error, job: job.name }, 'job failed'))
        .finally(() => {
          running.delete(run);
          if (!stopped) timers.set(job.name, setTimeout(tick, job.intervalMs));
        });
      running.add(run);
    };
    timers.set(job.name, setTimeout(tick, Math.min(job.intervalMs, 2_000)));
  }
  return async () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    await Promise.allSettled([...running]);
  };
}
