/**
 * Two server instances on one PostgreSQL database, as behind a load balancer: each with
 * its own connection pool, HTTP listener and job runner. A sign-in on one works on the
 * other; conflicting actions on one case sent through both at once leave exactly one
 * winner per version and a consistent timeline and audit chain; with both running the
 * deadline sweeper, the job-run log shows that no two sweeps overlapped and no case was
 * marked overdue twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/app.ts';
import { startJobs, type Job } from '../../server/jobs/job.ts';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createServices, type Services } from '../../server/services/container.ts';
import { migrateToLatest, openDatabase, type Db } from '../../server/storage/database.ts';
import {
  createJobRunStore,
  findOverlappingRuns,
} from '../../server/storage/stores/job-run-store.ts';
import { testServiceConfig } from '../support/config.ts';
import { createEmptyDb, createTestDb, type TestDb } from '../support/databases.ts';

/** A clock the test moves forward, shared by both instances (as NTP-synchronised hosts). */
const clock = {
  offsetMs: 0,
  now: () => new Date(Date.now() + clock.offsetMs),
};

interface Instance {
  name: string;
  db: Db;
  services: Services;
  app: FastifyInstance;
  url: string;
}

async function startInstance(name: string, url: string, dataDir: string): Promise<Instance> {
  const db = openDatabase({ databaseUrl: url });
  const services = createServices(db, testServiceConfig({ dataDir }), { clock });
  await services.locator.refresh();
  const app = await buildApp({
    config: {
      logLevel: 'silent',
      bodyLimitBytes: 1024 * 1024,
      cookieSecure: false,
      trustProxy: false,
      uploadLimitBytes: 2 * 1024 * 1024,
    },
    services,
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { name, db, services, app, url: `http://127.0.0.1:${port}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('two instances starting at once on an empty PostgreSQL database', () => {
  it('migrate it once between them', async () => {
    const empty = await createEmptyDb('postgres');
    const second = openDatabase({ databaseUrl: empty.url as string });
    try {
      const [first, other] = await Promise.all([
        migrateToLatest(empty.db),
        migrateToLatest(second),
      ]);
      const ran = [...first, ...other];
      expect(ran.length).toBeGreaterThan(0);
      // Each migration ran exactly once, by one of the two.
      expect(new Set(ran).size).toBe(ran.length);
      expect(first.length === 0 || other.length === 0).toBe(true);
      expect(await migrateToLatest(second)).toEqual([]);
    } finally {
      await second.close();
      await empty.drop();
    }
  });
});

describe('two instances on one PostgreSQL database', () => {
  let test: TestDb;
  let a: Instance;
  let b: Instance;
  let instances: Instance[];
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestDb('postgres');
    if (!test.url) throw new Error('the PostgreSQL test database has no URL');
    // One shared attachments folder, as N instances need shared storage.
    const dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-two-'));
    a = await startInstance('a', test.url, dataDir);
    await a.services.seedDemo();
    // B starts after the seed, as a second instance joins a running installation.
    b = await startInstance('b', test.url, dataDir);
    instances = [a, b];
    for (const login of ['dispatcher', 'handler', 'admin']) {
      const response = await fetch(`${a.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: 'demo-password' }),
      });
      expect(response.status).toBe(200);
      cookies[login] = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
    }
  });

  afterAll(async () => {
    for (const instance of instances ?? []) {
      await instance.app.close();
      await instance.db.close();
    }
    await test?.drop();
  });

  async function call(
    instance: Instance,
    method: string,
    path: string,
    login: string | null,
    body?: unknown,
  ) {
    const response = await fetch(`${instance.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(login ? { cookie: cookies[login] as string } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function report(instance: Instance, k: number) {
    const point = DEMO_POINTS[k % DEMO_POINTS.length] as (typeof DEMO_POINTS)[number];
    const r = await call(instance, 'POST', '/api/v1/cases', 'dispatcher', {
      category: 'C0104',
      description: `Street light ${k} is off (reported through instance ${instance.name}).`,
      lat: point.lat,
      lon: point.lon,
      attributes: { lamp_state: 'off' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; version: number };
  }

  it('accepts a session made on one instance on the other', async () => {
    for (const instance of instances) {
      const r = await call(instance, 'GET', '/api/v1/session', 'dispatcher');
      expect(r.status).toBe(200);
      expect(r.body.user.login).toBe('dispatcher');
    }
  });

  it('keeps one winner per version when both instances act on one case at once', async () => {
    const c = await report(a, 0);
    const handler = (await call(b, 'GET', '/api/v1/session', 'handler')).body.user.id as string;
    const rounds: { login: string; n: number; body: (k: number) => Record<string, unknown> }[] = [
      { login: 'dispatcher', n: 10, body: (k) => ({ action: 'register', note: `register ${k}` }) },
      {
        login: 'dispatcher',
        n: 10,
        body: (k) => ({
          action: 'dispatch',
          department: 'street-lighting',
          handler,
          note: `d${k}`,
        }),
      },
      { login: 'handler', n: 10, body: (k) => ({ action: 'accept', note: `accept ${k}` }) },
      { login: 'handler', n: 50, body: (k) => ({ action: 'comment', text: `comment ${k}` }) },
      { login: 'dispatcher', n: 50, body: (k) => ({ action: 'comment', text: `note ${k}` }) },
      { login: 'handler', n: 10, body: (k) => ({ action: 'resolve', report: `fixed ${k}` }) },
    ];
    let version = c.version;
    const winners: Record<string, unknown>[] = [];
    for (const round of rounds) {
      const bodies = Array.from({ length: round.n }, (_, k) => ({ ...round.body(k), version }));
      // Even requests go through A, odd ones through B, all at once.
      const answers = await Promise.all(
        bodies.map((body, k) =>
          call(k % 2 === 0 ? a : b, 'POST', `/api/v1/cases/${c.id}/actions`, round.login, body),
        ),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(answers.find((r) => r.status !== 409)?.body)).toEqual([
        200,
        ...Array<number>(round.n - 1).fill(409),
      ]);
      const won = answers.findIndex((r) => r.status === 200);
      expect(answers[won]?.body.version).toBe(version + 1);
      for (const lost of answers.filter((r) => r.status === 409))
        expect(lost.body.code).toBeTruthy();
      winners.push(bodies[won] as Record<string, unknown>);
      version++;
    }

    // Both instances read the same case, at the last winner's version.
    for (const instance of instances) {
      const r = await call(instance, 'GET', `/api/v1/cases/${c.id}`, 'dispatcher');
      expect(r.body).toMatchObject({ version, status: 'resolved' });
    }
    // The timeline holds the report and exactly the winners, in order.
    const events = (await call(b, 'GET', `/api/v1/cases/${c.id}/events`, 'dispatcher')).body
      .items as { action: string; note: string | null }[];
    expect(events.map((e) => e.action)).toEqual(['report', ...winners.map((w) => w.action)]);
    const notes = events.slice(1).map((e) => e.note);
    expect(notes).toEqual(winners.map((w) => w.note ?? w.text ?? w.report));
    // One audit entry per change, none for a refused attempt; the chain verifies.
    const audit = await test.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'seq'])
      .where('subject_id', '=', c.id)
      .where('action', 'like', 'case.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => e.action).slice(1)).toEqual(winners.map((w) => `case.${w.action}`));
    expect(audit).toHaveLength(events.length);
    expect((await a.services.verifyAudit()).ok).toBe(true);
  });

  it('runs one sweep at a time across both instances and marks each overdue case once', async () => {
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, k) => report(k % 2 === 0 ? a : b, k + 1)),
    );
    // Forty days on, every stage of these cases is overdue.
    clock.offsetMs = 40 * 24 * 3_600_000;
    const log = { info: () => undefined, error: (obj: unknown) => errors.push(obj) };
    const errors: unknown[] = [];
    const stops = instances.map((instance) => {
      const sweeper = instance.services.sweeper;
      // Sweep every 10 ms, and hold each run a little longer than its queries take, so
      // that two sweeps would overlap in the log if the lock let them.
      const job: Job = {
        ...sweeper,
        intervalMs: 10,
        run: async () => {
          const result = await sweeper.run();
          await sleep(5);
          return result;
        },
      };
      return startJobs(instance.db, [job], log);
    });
    const runs = createJobRunStore(test.db);
    try {
      await until(async () => {
        const holders = new Map<string, number>();
        for (const run of await runs.list('deadline-sweeper'))
          holders.set(run.holder, (holders.get(run.holder) ?? 0) + 1);
        return holders.size === 2 && [...holders.values()].every((n) => n >= 5);
      });
    } finally {
      for (const stop of stops) await stop();
      clock.offsetMs = 0;
    }
    expect(errors).toEqual([]);
    const sweeps = await runs.list('deadline-sweeper');
    expect(sweeps.every((s) => s.outcome === 'ok' && s.finishedAt !== null)).toBe(true);
    expect(findOverlappingRuns(sweeps, new Date())).toEqual([]);
    expect(new Set(sweeps.map((s) => s.holder)).size).toBe(2);

    // Every case was marked overdue once, though both instances swept.
    const overdue = await test.db.kysely
      .selectFrom('case_events')
      .select(['case_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('action', '=', 'overdue')
      .where(
        'case_id',
        'in',
        created.map((c) => c.id),
      )
      .groupBy('case_id')
      .execute();
    expect(overdue).toHaveLength(created.length);
    expect(overdue.every((row) => Number(row.n) === 1)).toBe(true);
    expect((await b.services.verifyAudit()).ok).toBe(true);
  });

  it('never lets a routing override name a department the other instance just retired', async () => {
    const made = await call(a, 'POST', '/api/v1/departments', 'admin', {
      code: 'merged-away',
      nameZh: '已合并科',
      nameEn: 'Merged-away Unit',
    });
    expect(made.status).toBe(201);
    // B loads its reference data while the department is still in service…
    b.services.reference.invalidate();
    await b.services.reference.current();
    const retired = await call(a, 'PATCH', '/api/v1/departments/merged-away', 'admin', {
      version: 1,
      active: false,
    });
    expect(retired.status).toBe(200);
    // …and within its recheck interval its cached copy may still say so: the override is
    // checked against the database whatever the cache holds.
    const rule = await call(b, 'PUT', '/api/v1/routing-rules', 'admin', {
      area: (DEMO_POINTS[0] as (typeof DEMO_POINTS)[number]).expectedCode,
      category: 'E0103',
      department: 'merged-away',
    });
    expect(rule.status).toBe(400);
    expect(JSON.stringify(rule.body)).toContain('retired');
  });

  it('lets the other instance see a retired category within about a second, without waiting for the TTL', async () => {
    const point = DEMO_POINTS[0] as (typeof DEMO_POINTS)[number];
    const reportDumping = (instance: Instance) =>
      call(instance, 'POST', '/api/v1/cases', 'dispatcher', {
        category: 'E0103',
        description: 'Rubble dumped by the gate',
        lat: point.lat,
        lon: point.lon,
      });
    expect((await reportDumping(b)).status).toBe(201);
    const before = (await b.services.reference.current()).categoryByCode.get('E0103');
    const retired = await call(a, 'PATCH', '/api/v1/categories/E0103', 'admin', {
      version: before?.version,
      active: false,
    });
    expect(retired.status).toBe(200);
    const started = Date.now();
    let status = 201;
    while (status === 201 && Date.now() - started < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await reportDumping(b)).status;
    }
    expect(status).toBe(400);
    // The reference data's TTL is 30 s; the stored version brings it within the 1 s recheck.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('lets the other instance deliver to a new webhook, and stop for a removed one, within about a second', async () => {
    const created = await call(a, 'POST', '/api/v1/webhooks', 'admin', {
      url: 'https://hooks.example.org/civicgrid',
      events: ['case.created'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const webhookId = created.body.id as string;
    const deliveriesOf = async (caseId: string) =>
      (await b.services.stores.outbox.listByCase(caseId)).filter((m) => m.webhookId === webhookId)
        .length;
    // B keeps its subscriptions with its reference data; the stored version brings the
    // change within the 1 s recheck (its TTL is 30 s).
    let k = 100;
    const started = Date.now();
    let delivered = 0;
    while (delivered === 0 && Date.now() - started < 10_000) {
      await sleep(100);
      delivered = await deliveriesOf((await report(b, k++)).id);
    }
    expect(delivered).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);

    expect((await call(a, 'DELETE', `/api/v1/webhooks/${webhookId}`, 'admin')).status).toBe(204);
    const removed = Date.now();
    while (delivered > 0 && Date.now() - removed < 10_000) {
      await sleep(100);
      delivered = await deliveriesOf((await report(b, k++)).id);
    }
    expect(delivered).toBe(0);
    expect(Date.now() - removed).toBeLessThan(10_000);
  });
});
