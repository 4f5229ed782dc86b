/**
 * Intake over HTTP on embedded SQLite: `POST /api/v1/cases` against the real server (in a
 * child process, started as `npm start` starts it) with 10,000 grid cells to route
 * against, driven by autocannon at 32 connections; beside it, in the same run, a bare
 * Fastify POST with the same body schema and no storage (also in a child process).
 * Every request must answer 2xx: anything else fails the benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../server/config.ts';
import { openRuntime } from '../server/runtime.ts';
import { SYNTHETIC_DISTRICT_CODE, syntheticDistrict } from './synthetic-district.ts';
import { freePort, round, seededRandom, startChildServer, type ChildServer } from './support.ts';

/** A category of the demo tree without required attributes. */
const CATEGORY = 'E0101';
const CONNECTIONS = 32;
const BODIES = 8192;

/** What one autocannon run against `POST /api/v1/cases` saw. */
export interface Load {
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
  errors: number;
  timeouts: number;
  firstBad: string | null;
}

/**
 * Drives `POST /api/v1/cases` for `seconds`, cycling through `bodies`. Each request comes
 * from its own client address (`X-Forwarded-For`, the server trusts its proxy), as
 * reports from many residents do: the route's per-address rate limit stays out of the way
 * while its bookkeeping is still paid.
 */
export async function drive(
  url: string,
  bodies: readonly string[],
  seconds: number,
  connections = CONNECTIONS,
): Promise<Load> {
  let sent = 0;
  const statuses = new Map<number, number>();
  let firstBad: string | null = null;
  const result = await autocannon({
    url: `${url}/api/v1/cases`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const k = sent++;
          return {
            ...request,
            method: 'POST',
            path: '/api/v1/cases',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': `10.${(k >>> 16) & 255}.${(k >>> 8) & 255}.${k & 255}`,
            },
            body: bodies[k % bodies.length] as string,
          };
        },
        onResponse: (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if ((status < 200 || status > 299) && firstBad === null)
            firstBad = `${status} ${body.slice(0, 400)}`;
        },
      },
    ],
  });
  return {
    ok: result['2xx'],
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    firstBad,
  };
}

/** Fails the benchmark unless every request was answered 2xx. */
export function assertAll2xx(name: string, load: Load): void {
  const bad = [...load.statuses].filter(([status]) => status < 200 || status > 299);
  if (bad.length > 0 || load.errors > 0 || load.timeouts > 0) {
    throw new Error(
      `${name}: ${bad.map(([s, n]) => `${n} × ${s}`).join(', ') || 'no bad statuses'}; ` +
        `${load.errors} errors, ${load.timeouts} timeouts. First bad answer: ${load.firstBad ?? '-'}`,
    );
  }
}

/**
 * Prepares the database `env` points at for the intake benchmarks: the demo (categories,
 * departments, users), then the 10,000 grid cells of the synthetic district; returns the
 * report bodies (each routed to one of its cells) and the points they report at.
 */
export async function prepareIntake(env: NodeJS.ProcessEnv) {
  const district = syntheticDistrict();
  const rand = seededRandom(11);
  const points: [number, number][] = [];
  const { minLon, minLat, maxLon, maxLat } = district.bbox;
  for (let k = 0; k < BODIES; k++) {
    points.push([
      minLon + 1e-6 + rand() * (maxLon - minLon - 2e-6),
      minLat + 1e-6 + rand() * (maxLat - minLat - 2e-6),
    ]);
  }
  const prepared = performance.now();
  const runtime = await openRuntime(loadConfig({ ...env, PORT: '1' }));
  try {
    await runtime.services.seedDemo();
    await runtime.services.importAreas(district.file);
    const districtId = (await runtime.services.stores.areas.findByCode(SYNTHETIC_DISTRICT_CODE))
      ?.id;
    const index = await runtime.services.locator.current();
    // Every point must route to a grid cell of the synthetic district.
    for (const [lon, lat] of points) {
      const cell = index.locate(lon, lat);
      const lineage = cell ? index.lineage(cell) : [];
      if (lineage.length !== 5 || lineage[1] !== districtId)
        throw new Error(
          `intake: point ${lon},${lat} does not route to a grid cell of ${SYNTHETIC_DISTRICT_CODE}`,
        );
    }
  } finally {
    await runtime.db.close();
  }
  const prepareMs = performance.now() - prepared;

  const bodies = points.map(([lon, lat], k) =>
    JSON.stringify({
      category: CATEGORY,
      description: `Bench report ${k}: garbage left beside the path`,
      lat: Number(lat.toFixed(6)),
      lon: Number(lon.toFixed(6)),
    }),
  );

  return { points, bodies, prepareMs, cells: district.cells };
}

/** Runs the benchmark; returns created/s, latency and the ratio to the bare POST. */
export async function benchIntake(options: { quick?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-bench-intake-'));
  try {
    return await runIn(dir, options.quick === true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(dir: string, quick: boolean) {
  const seconds = quick ? 3 : 10;
  const warmSeconds = quick ? 2 : 3;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CIVICGRID_DATA_DIR: dir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CIVICGRID_JOBS: 'false',
    CIVICGRID_SEED_DEMO: 'false',
    CIVICGRID_TRUST_PROXY: 'true',
    CIVICGRID_GRID_NUMBER_WIDTH: '2',
  };
  delete env.DATABASE_URL;

  const { bodies, prepareMs, cells } = await prepareIntake(env);

  const servers: ChildServer[] = [];
  try {
    const hello = await startChildServer('hello', { ...env, PORT: String(await freePort()) });
    servers.push(hello);
    const civicgrid = await startChildServer('civicgrid', {
      ...env,
      PORT: String(await freePort()),
    });
    servers.push(civicgrid);

    assertAll2xx('hello warm-up', await drive(hello.url, bodies, warmSeconds));
    const bare = await drive(hello.url, bodies, seconds);
    assertAll2xx('hello', bare);
    const warm = await drive(civicgrid.url, bodies, warmSeconds);
    assertAll2xx('intake warm-up', warm);
    const intake = await drive(civicgrid.url, bodies, seconds);
    assertAll2xx('intake', intake);
    await civicgrid.stop();

    // Every 2xx must be a durable case, counted once.
    const check = await openRuntime(loadConfig({ ...env, PORT: '1' }));
    let stored: number;
    let counted: number;
    try {
      stored = await check.services.stores.cases.count();
      const districtArea = await check.services.stores.areas.findByCode(SYNTHETIC_DISTRICT_CODE);
      const gauges = await check.services.stores.cases.readGauges(districtArea?.id ?? '');
      counted = gauges.get('open') ?? 0;
    } finally {
      await check.db.close();
    }
    // Requests still in flight when autocannon stops are stored but never counted by it.
    const answered = warm.ok + intake.ok;
    if (stored < answered || stored > answered + 2 * CONNECTIONS || counted !== stored)
      throw new Error(
        `intake: ${answered} reports answered 201 but ${stored} cases are stored and ${counted} counted open`,
      );
    return {
      cells,
      prepareMs: Math.round(prepareMs),
      seconds,
      created: intake.ok,
      stored,
      intake_per_s: Math.round(intake.perSecond),
      intake_p50_ms: round(intake.p50),
      intake_p99_ms: round(intake.p99),
      hello_post_per_s: Math.round(bare.perSecond),
      hello_post_p99_ms: round(bare.p99),
      intake_ratio: Number((intake.perSecond / bare.perSecond).toFixed(3)),
    };
  } finally {
    for (const server of servers) await server.stop();
  }
}
