import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runLocked, startJobs, type Job } from './job.ts';
import { releaseLock, renewLock, tryLock } from '../storage/dialect/locks.ts';
import { createJobRunStore, findOverlappingRuns } from '../storage/stores/job-run-store.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../tests/support/databases.ts';

/** A promise with its resolve function, to hold a job's run open until the test lets go. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe.each(DIALECTS)('job runner on %s', (dialect) => {
  let test: TestDb;

  beforeEach(async () => {
    test = await createTestDb(dialect);
  });
  afterEach(() => test.drop());

  async function lockRows() {
    return test.db.kysely.selectFrom('job_locks').selectAll().execute();
  }

  /** A job whose run waits for `release`; `entered` resolves once a run has started. */
  function heldJob(name = 'held-job') {
    const entered = gate();
    const release = gate<string>();
    let runs = 0;
    const job: Job<string> = {
      name,
      intervalMs: 1_000,
      batchLimit: 10,
      async run() {
        runs++;
        entered.open();
        return release.promise;
      },
    };
    return { job, entered, release, runs: () => runs };
  }

  it('lets exactly one of two holders run a job at once', async () => {
    const held = heldJob();
    const first = runLocked(test.db, held.job, 'holder-a');
    const second = runLocked(test.db, held.job, 'holder-b');
    await held.entered.promise;
    // The loser returns null while the winner's run is still open.
    const settled = await Promise.race([
      first.then((r) => ({ who: 'a', r })),
      second.then((r) => ({ who: 'b', r })),
    ]);
    expect(settled.r).toBeNull();
    expect(held.runs()).toBe(1);
    const rows = await lockRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.holder).toBe(settled.who === 'a' ? 'holder-b' : 'holder-a');

    held.release.open('done');
    const results = await Promise.all([first, second]);
    expect(results.filter((r) => r === 'done')).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(held.runs()).toBe(1);
    expect(await lockRows()).toEqual([]);
  });

  it('refuses a second holder while the first runs, and lets it in after the release', async () => {
    const held = heldJob();
    const first = runLocked(test.db, held.job, 'holder-a');
    await held.entered.promise;
    expect(await runLocked(test.db, held.job, 'holder-b')).toBeNull();
    expect(held.runs()).toBe(1);

    held.release.open('first');
    expect(await first).toBe('first');
    expect(await lockRows()).toEqual([]);

    expect(await runLocked(test.db, held.job, 'holder-b')).toBe('first');
    expect(held.runs()).toBe(2);
    expect(await lockRows()).toEqual([]);
  });

  it('keeps locks of different jobs apart', async () => {
    const one = heldJob('job-one');
    const two = heldJob('job-two');
    two.release.open('two');
    const first = runLocked(test.db, one.job, 'holder-a');
    await one.entered.promise;
    expect(await runLocked(test.db, two.job, 'holder-b')).toBe('two');
    one.release.open('one');
    expect(await first).toBe('one');
  });

  it('releases the lock when the run throws', async () => {
    const failing: Job<number> = {
      name: 'failing-job',
      intervalMs: 1_000,
      batchLimit: 1,
      run: () => Promise.reject(new Error('boom')),
    };
    await expect(runLocked(test.db, failing, 'holder-a')).rejects.toThrow('boom');
    expect(await lockRows()).toEqual([]);
  });

  it('takes over the lock of a holder that crashed once it has expired', async () => {
    const now = new Date('2026-03-02T02:00:00Z');
    const job: Job<number> = {
      name: 'sweeper',
      intervalMs: 1_000,
      batchLimit: 1,
      run: async () => 7,
    };

    await test.db.kysely
      .insertInto('job_locks')
      .values({
        name: 'sweeper',
        holder: 'alive',
        expires_at: new Date(now.getTime() + 60_000).toISOString(),
      })
      .execute();
    expect(await runLocked(test.db, job, 'holder-b', () => now)).toBeNull();
    expect((await lockRows())[0]?.holder).toBe('alive');

    await test.db.kysely
      .updateTable('job_locks')
      .set({ holder: 'crashed', expires_at: new Date(now.getTime() - 1_000).toISOString() })
      .where('name', '=', 'sweeper')
      .execute();
    expect(await runLocked(test.db, job, 'holder-b', () => now)).toBe(7);
    expect(await lockRows()).toEqual([]);
  });

  it('takes over an expired lock with the real clock', async () => {
    const job: Job<number> = {
      name: 'sweeper',
      intervalMs: 1_000,
      batchLimit: 1,
      run: async () => 1,
    };
    await test.db.kysely
      .insertInto('job_locks')
      .values({ name: 'sweeper', holder: 'crashed', expires_at: '2000-01-01T00:00:00.000Z' })
      .execute();
    expect(await runLocked(test.db, job, 'holder-b')).toBe(1);
    expect(await lockRows()).toEqual([]);
  });

  it('runs jobs on their interval, and its stop waits for a running job to finish', async () => {
    const log = { infos: [] as unknown[], errors: [] as unknown[] };
    const logger = {
      info: (obj: unknown) => log.infos.push(obj),
      error: (obj: unknown) => log.errors.push(obj),
    };
    const third = gate();
    const release = gate();
    let runs = 0;
    let finished = false;
    const job: Job<{ n: number }> = {
      name: 'ticker',
      intervalMs: 20,
      batchLimit: 1,
      async run() {
        runs++;
        if (runs === 3) {
          third.open();
          await release.promise;
          finished = true;
        }
        return { n: runs };
      },
    };
    const stop = startJobs(test.db, [job], logger);
    await third.promise;
    expect(runs).toBe(3);

    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await sleep(60);
    expect(stopped).toBe(false);
    expect(finished).toBe(false);
    expect(await lockRows()).toHaveLength(1);

    release.open();
    await stopping;
    expect(finished).toBe(true);
    expect(await lockRows()).toEqual([]);

    await sleep(100);
    expect(runs).toBe(3);
    expect(log.errors).toEqual([]);
    expect(log.infos).toHaveLength(3);
    expect(log.infos[2]).toMatchObject({ job: 'ticker', result: { n: 3 } });
  });

  it('logs each run with its holder, span, outcome and result', async () => {
    const ok: Job<{ marked: number }> = {
      name: 'logged',
      intervalMs: 1_000,
      batchLimit: 1,
      run: async () => ({ marked: 3 }),
    };
    const failing: Job<number> = { ...ok, run: () => Promise.reject(new Error('boom')) };
    expect(await runLocked(test.db, ok, 'holder-a')).toEqual({ marked: 3 });
    await expect(runLocked(test.db, failing, 'holder-b')).rejects.toThrow('boom');
    const runs = await createJobRunStore(test.db).list('logged');
    expect(runs.map((r) => [r.holder, r.outcome, r.result])).toEqual([
      ['holder-a', 'ok', '{"marked":3}'],
      ['holder-b', 'failed', 'boom'],
    ]);
    for (const run of runs) expect(run.finishedAt! >= run.startedAt).toBe(true);
    expect(findOverlappingRuns(runs, new Date())).toEqual([]);
    // A run the loser never started is not logged.
    const held = heldJob('logged-held');
    const first = runLocked(test.db, held.job, 'holder-a');
    await held.entered.promise;
    expect(await runLocked(test.db, held.job, 'holder-b')).toBeNull();
    const during = await createJobRunStore(test.db).list('logged-held');
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ holder: 'holder-a', finishedAt: null, outcome: null });
    held.release.open('x');
    await first;
  });

  it('logs a run whose lock was taken from it as lease-lost, and leaves the new holder its lock', async () => {
    // Only the renewal timer is faked: the database round trips stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const held = heldJob('stolen');
      const run = runLocked(test.db, held.job, 'holder-a');
      await held.entered.promise;
      // As if holder-a had stalled past its lease and another instance took the lock.
      await test.db.kysely
        .updateTable('job_locks')
        .set({ holder: 'holder-b' })
        .where('name', '=', 'stolen')
        .execute();
      // A third of the one-minute lease: the renewal runs, and finds the lock gone.
      vi.advanceTimersByTime(20_000);
      held.release.open('late');
      expect(await run).toBe('late');
      const [logged] = await createJobRunStore(test.db).list('stolen');
      expect(logged).toMatchObject({ holder: 'holder-a', outcome: 'lease-lost' });
      expect((await lockRows()).map((r) => r.holder)).toEqual(['holder-b']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('renews only a lock the holder still has: a late renewal never takes it back', async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 60_000);
    expect(await tryLock(test.db.kysely, 'renewed', 'holder-a', now, later)).toBe(true);
    expect(await renewLock(test.db.kysely, 'renewed', 'holder-a', later)).toBe(true);
    expect(await renewLock(test.db.kysely, 'renewed', 'holder-b', later)).toBe(false);
    await releaseLock(test.db.kysely, 'renewed', 'holder-a');
    expect(await renewLock(test.db.kysely, 'renewed', 'holder-a', later)).toBe(false);
    expect(await lockRows()).toEqual([]);
    expect(await tryLock(test.db.kysely, 'renewed', 'holder-b', now, later)).toBe(true);
  });

  it('finds overlapping runs of one job, and only of one job', () => {
    const run = (job: string, holder: string, from: number, to: number | null) => ({
      id: `${job}-${holder}-${from}`,
      job,
      holder,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, from)).toISOString(),
      finishedAt: to === null ? null : new Date(Date.UTC(2026, 0, 1, 0, 0, to)).toISOString(),
      outcome: to === null ? null : 'ok',
      result: null,
    });
    const now = new Date(Date.UTC(2026, 0, 1, 0, 1, 0));
    const apart = [run('a', 'x', 0, 5), run('a', 'y', 5, 9), run('b', 'y', 1, 8)];
    expect(findOverlappingRuns(apart, now)).toEqual([]);
    const overlapping = [...apart, run('a', 'x', 7, 8), run('b', 'x', 30, null)];
    expect(findOverlappingRuns(overlapping, now).map(([p, q]) => [p.id, q.id])).toEqual([
      ['a-y-5', 'a-x-7'],
    ]);
    expect(
      findOverlappingRuns([run('b', 'x', 30, null), run('b', 'y', 40, 50)], now).map(([p, q]) => [
        p.id,
        q.id,
      ]),
    ).toEqual([['b-x-30', 'b-y-40']]);
  });

  it('keeps running a job after one of its runs fails, and logs the failure', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const job: Job<{ n: number }> = {
      name: 'flaky',
      intervalMs: 20,
      batchLimit: 1,
      async run() {
        runs++;
        if (runs === 1) throw new Error('first run fails');
        return { n: 0 };
      },
    };
    const stop = startJobs(test.db, [job], {
      info: () => undefined,
      error: (obj) => errors.push(obj),
    });
    try {
      await until(() => runs >= 3);
    } finally {
      await stop();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ job: 'flaky' });
    expect(await lockRows()).toEqual([]);
  });
});
