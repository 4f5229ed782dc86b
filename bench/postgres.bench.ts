/**
 * Intake on PostgreSQL, with one server instance and then two on the same database (own
 * ports, own pools, as behind a load balancer), on a throwaway cluster with PostgreSQL's
 * durable defaults; beside them the same instance at one connection (the serial
 * baseline) and the share of busy backends that waited on a row lock at 32. Then, with both instances running their jobs on a one-second sweep
 * interval over a backlog of overdue cases, the job-run log must show that no two sweeps
 * overlapped and every overdue case must be marked once; conflicting actions on one case
 * sent through both instances at once must leave exactly one winner per version, a
 * timeline and audit entries that match, and an audit chain that verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { openRuntime } from '../server/runtime.ts';
import { createServices } from '../server/services/container.ts';
import { DEMO_POINTS } from '../server/services/demo/demo-city.ts';
import { openDatabase } from '../server/storage/database.ts';
import { createJobRunStore, findOverlappingRuns } from '../server/storage/stores/job-run-store.ts';
import { startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { assertAll2xx, drive, prepareIntake, type Load } from './intake.bench.ts';
import { freePort, round, startChildServer, type ChildServer } from './support.ts';

const CONNECTIONS = 32;
const DAY_MS = 24 * 3_600_000;

/** Runs the benchmark on a fresh cluster; returns the figures. */
export async function benchPostgres(options: { quick?: boolean } = {}) {
  const cluster = await startPostgresCluster({ durable: true });
  // The instances share one data folder, as N instances must share the attachments.
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-bench-pg-'));
  try {
    return await runOn(cluster.url, dir, options.quick === true);
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runOn(adminUrl: string, dir: string, quick: boolean) {
  const seconds = quick ? 3 : 10;
  const warmSeconds = quick ? 2 : 3;
  const backlog = quick ? 100 : 400;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('create database civicgrid_bench');
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/civicgrid_bench';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url.toString(),
    CIVICGRID_DATA_DIR: dir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CIVICGRID_JOBS: 'false',
    CIVICGRID_SEED_DEMO: 'false',
    CIVICGRID_TRUST_PROXY: 'true',
    CIVICGRID_GRID_NUMBER_WIDTH: '2',
  };

  const { points, bodies, prepareMs, cells } = await prepareIntake(env);
  const backlogIds = await reportBacklog(env, points, backlog);

  const servers: ChildServer[] = [];
  const start = async (extra: NodeJS.ProcessEnv = {}) => {
    const server = await startChildServer('civicgrid', {
      ...env,
      ...extra,
      PORT: String(await freePort()),
    });
    servers.push(server);
    return server;
  };
  const stopAll = async () => {
    for (const server of servers.splice(0)) await server.stop();
  };
  try {
    // One instance, 32 connections.
    const one = await start();
    const warm = await drive(one.url, bodies, warmSeconds, CONNECTIONS);
    assertAll2xx('pg intake warm-up', warm);
    // What the busy backends wait for while 32 connections report (every 200 ms).
    const waits = sampleWaits(adminUrl, 'civicgrid_bench');
    const single = await drive(one.url, bodies, seconds, CONNECTIONS);
    const waited = await waits.stop();
    assertAll2xx('pg intake', single);
    // One connection: the rate with no concurrency at all, the baseline of the 32.
    const serial = await drive(one.url, bodies, seconds, 1);
    assertAll2xx('pg intake (one connection)', serial);
    await stopAll();

    // Two instances, 16 + 16 connections at once.
    const [a, b] = [await start(), await start()];
    const both = async (s: number) => {
      const loads = await Promise.all(
        [a, b].map((server) => drive(server.url, bodies, s, CONNECTIONS / 2)),
      );
      for (const load of loads) assertAll2xx('pg intake (two instances)', load);
      return loads;
    };
    const pairWarm = await both(warmSeconds);
    const pair = await both(seconds);
    await stopAll();
    const pairPerSecond = pair.reduce((sum, load) => sum + load.perSecond, 0);
    // Every 201 is a stored case; requests in flight when a drive stops may add a few.
    const answered = [warm, single, serial, ...pairWarm, ...pair].reduce(
      (sum, load) => sum + load.ok,
      0,
    );

    // Both instances again, now running their jobs, sweeping every second.
    const jobs = { CIVICGRID_JOBS: 'true', CIVICGRID_SWEEP_INTERVAL_S: '1' };
    const [sa, sb] = [await start(jobs), await start(jobs)];
    const conflict = await actThroughBoth(sa.url, sb.url);
    const sweep = await waitForSweeps(env, backlogIds, quick ? 4 : 8);
    await stopAll();

    const verdict = await inspect(env, backlogIds, conflict.caseId, [sa, sb]);
    if (verdict.overlaps > 0)
      throw new Error(`postgres: ${verdict.overlaps} pairs of sweeps overlapped in job_runs`);
    if (verdict.markedTwice > 0 || verdict.marked !== backlogIds.length)
      throw new Error(
        `postgres: ${verdict.marked} of ${backlogIds.length} overdue cases marked, ${verdict.markedTwice} twice`,
      );
    if (!verdict.auditOk) throw new Error('postgres: the audit chain does not verify');
    const expected = answered + backlogIds.length + 1;
    if (verdict.stored < expected || verdict.stored > expected + 5 * CONNECTIONS)
      throw new Error(
        `postgres: ${answered} reports answered 201 (and ${backlogIds.length + 1} others made) but ${verdict.stored} cases are stored`,
      );
    if (verdict.auditEntries !== conflict.winners + 1 || verdict.events !== conflict.winners + 1)
      throw new Error(
        `postgres: ${conflict.winners} winning actions, but ${verdict.events} events and ${verdict.auditEntries} audit entries`,
      );
    return {
      cells,
      prepareMs: Math.round(prepareMs),
      seconds,
      intake_pg_per_s: Math.round(single.perSecond),
      intake_pg_p50_ms: round(single.p50),
      intake_pg_p99_ms: round(single.p99),
      intake_pg_c1_per_s: Math.round(serial.perSecond),
      pg_lock_wait_share: Number((waited.lock / Math.max(1, waited.busy)).toFixed(3)),
      intake_pg2_per_s: Math.round(pairPerSecond),
      intake_pg2_p99_ms: round(Math.max(...pair.map((load: Load) => load.p99))),
      intake_pg2_ratio: Number((pairPerSecond / single.perSecond).toFixed(3)),
      stored: verdict.stored,
      sweeps_a: verdict.sweepsByServer[0] ?? 0,
      sweeps_b: verdict.sweepsByServer[1] ?? 0,
      sweeper_overlaps: verdict.overlaps,
      sweep_wait_ms: sweep.waitedMs,
      overdue_backlog: backlogIds.length,
      overdue_marked_twice: verdict.markedTwice,
      conflict_actions: conflict.sent,
      conflict_winners: conflict.winners,
      conflict_409: conflict.refused,
      audit_chain_ok: verdict.auditOk,
    };
  } finally {
    await stopAll();
  }
}

/**
 * Samples `pg_stat_activity` of `database` every 200 ms until stopped: how many times a
 * backend was busy (in a statement or a transaction) and how many of those it waited for
 * a lock another transaction held.
 */
function sampleWaits(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  const counts = { busy: 0, lock: 0 };
  let pending: Promise<unknown> = client.connect();
  const timer = setInterval(() => {
    pending = pending.then(() =>
      client
        .query<{ wait: string | null }>(
          "select wait_event_type as wait from pg_stat_activity where datname = $1 and state <> 'idle' and pid <> pg_backend_pid()",
          [database],
        )
        .then((result) => {
          counts.busy += result.rows.length;
          counts.lock += result.rows.filter((row) => row.wait === 'Lock').length;
        }),
    );
  }, 200);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await client.end();
      return counts;
    },
  };
}

/**
 * Reports `n` cases as if forty days ago (through the intake service with a clock set
 * back), so their stages are overdue now: work for the sweepers of both instances.
 */
async function reportBacklog(
  env: NodeJS.ProcessEnv,
  points: readonly [number, number][],
  n: number,
): Promise<string[]> {
  const config = loadConfig({ ...env, PORT: '1' });
  const runtime = await openRuntime(config);
  try {
    const past = { now: () => new Date(Date.now() - 40 * DAY_MS) };
    const services = createServices(runtime.db, config, { clock: past });
    await services.locator.refresh();
    const ids: string[] = [];
    for (let k = 0; k < n; k += 10) {
      const batch = await Promise.all(
        points.slice(k, Math.min(n, k + 10)).map(([lon, lat], j) =>
          services.reportCase(
            {
              category: 'E0101',
              description: `Backlog report ${k + j}: garbage left beside the path`,
              lat: Number(lat.toFixed(6)),
              lon: Number(lon.toFixed(6)),
            },
            null,
            { present: () => null },
          ),
        ),
      );
      ids.push(...batch.map((r) => r.case.id));
    }
    return ids;
  } finally {
    await runtime.db.close();
  }
}

/** Sends `body` to `path` on `base`; returns the status and parsed answer. */
async function call(base: string, path: string, cookie: string | null, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null,
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
  };
}

/**
 * Reports a case through A, then sends rounds of conflicting actions on it, all carrying
 * the same version, half through A and half through B, at once. Each round must have
 * exactly one 200; every other answer must be 409.
 */
async function actThroughBoth(urlA: string, urlB: string) {
  const signIn = async (login: string) => {
    const r = await call(urlA, '/api/v1/session', null, { login, password: 'demo-password' });
    if (r.status !== 200) throw new Error(`postgres: sign-in of ${login} answered ${r.status}`);
    return r.cookie;
  };
  const dispatcher = await signIn('dispatcher');
  const handlerCookie = await signIn('handler');
  // The session made on A works on B: sessions live in the database.
  const me = await call(urlB, '/api/v1/session', handlerCookie);
  const handler = (me.body?.user as { id?: string } | undefined)?.id;
  if (me.status !== 200 || !handler) throw new Error('postgres: B does not know A’s session');
  const point = DEMO_POINTS[0] as (typeof DEMO_POINTS)[number];
  const created = await call(urlB, '/api/v1/cases', dispatcher, {
    category: 'C0104',
    description: 'A street light is off (conflict check through two instances).',
    lat: point.lat,
    lon: point.lon,
    attributes: { lamp_state: 'off' },
  });
  if (created.status !== 201) throw new Error(`postgres: report answered ${created.status}`);
  const caseId = created.body?.id as string;
  let version = created.body?.version as number;
  const rounds: [string, number, (k: number) => Record<string, unknown>][] = [
    [dispatcher, 10, (k) => ({ action: 'register', note: `register ${k}` })],
    [dispatcher, 10, () => ({ action: 'dispatch', department: 'street-lighting', handler })],
    [handlerCookie, 10, () => ({ action: 'accept' })],
    [handlerCookie, 50, (k) => ({ action: 'comment', text: `comment ${k}` })],
    [dispatcher, 50, (k) => ({ action: 'comment', text: `note ${k}` })],
    [handlerCookie, 10, (k) => ({ action: 'resolve', report: `fixed ${k}` })],
  ];
  let sent = 0;
  let winners = 0;
  let refused = 0;
  for (const [cookie, n, body] of rounds) {
    const answers = await Promise.all(
      Array.from({ length: n }, (_, k) =>
        call(k % 2 === 0 ? urlA : urlB, `/api/v1/cases/${caseId}/actions`, cookie, {
          ...body(k),
          version,
        }),
      ),
    );
    sent += n;
    const ok = answers.filter((r) => r.status === 200);
    const stale = answers.filter((r) => r.status === 409);
    if (ok.length !== 1 || stale.length !== n - 1 || ok[0]?.body?.version !== version + 1)
      throw new Error(
        `postgres: ${String(body(0).action)} × ${n} at version ${version} answered ` +
          `${answers.map((r) => r.status).join(',')}`,
      );
    winners++;
    refused += stale.length;
    version++;
  }
  for (const base of [urlA, urlB]) {
    const r = await call(base, `/api/v1/cases/${caseId}`, dispatcher);
    if (r.body?.version !== version)
      throw new Error(`postgres: ${base} reads version ${String(r.body?.version)}, not ${version}`);
  }
  return { caseId, sent, winners, refused };
}

/**
 * Waits until the sweepers marked every backlog case overdue and ran at least `minSweeps`
 * times in all (at most two minutes).
 */
async function waitForSweeps(env: NodeJS.ProcessEnv, backlogIds: string[], minSweeps: number) {
  const db = openDatabase({ databaseUrl: env.DATABASE_URL as string });
  const started = performance.now();
  try {
    for (;;) {
      const marked = await db.kysely
        .selectFrom('case_events')
        .select((eb) => eb.fn.count<string>('case_id').distinct().as('n'))
        .where('action', '=', 'overdue')
        .executeTakeFirst();
      const sweeps = await db.kysely
        .selectFrom('job_runs')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('job', '=', 'deadline-sweeper')
        .where('finished_at', 'is not', null)
        .executeTakeFirst();
      if (Number(marked?.n) >= backlogIds.length && Number(sweeps?.n) >= minSweeps) break;
      if (performance.now() - started > 120_000)
        throw new Error(
          `postgres: after two minutes ${String(marked?.n)} of ${backlogIds.length} cases marked overdue`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { waitedMs: Math.round(performance.now() - started) };
  } finally {
    await db.close();
  }
}

/** Reads the outcome from the database once the instances stopped. */
async function inspect(
  env: NodeJS.ProcessEnv,
  backlogIds: string[],
  conflictCaseId: string,
  servers: ChildServer[],
) {
  const runtime = await openRuntime(loadConfig({ ...env, PORT: '1' }));
  try {
    const k = runtime.db.kysely;
    const sweeps = await createJobRunStore(runtime.db).list('deadline-sweeper');
    const failed = sweeps.filter((s) => s.outcome !== 'ok');
    if (failed.length > 0)
      throw new Error(`postgres: sweeps ended ${failed.map((s) => s.outcome).join(', ')}`);
    // The runner names its holder host:pid:random.
    const sweepsByServer = servers.map(
      (server) => sweeps.filter((s) => s.holder.split(':')[1] === String(server.child.pid)).length,
    );
    const overdue = await k
      .selectFrom('case_events')
      .select(['case_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('action', '=', 'overdue')
      .where('case_id', 'in', backlogIds)
      .groupBy('case_id')
      .execute();
    const events = await k
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('case_id', '=', conflictCaseId)
      .executeTakeFirst();
    const audit = await k
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('subject_id', '=', conflictCaseId)
      .where('action', 'like', 'case.%')
      .executeTakeFirst();
    return {
      stored: await runtime.services.stores.cases.count(),
      sweepsByServer,
      overlaps: findOverlappingRuns(sweeps, new Date()).length,
      marked: overdue.length,
      markedTwice: overdue.filter((row) => Number(row.n) > 1).length,
      events: Number(events?.n),
      auditEntries: Number(audit?.n),
      auditOk: (await runtime.services.verifyAudit()).ok,
    };
  } finally {
    await runtime.db.close();
  }
}
