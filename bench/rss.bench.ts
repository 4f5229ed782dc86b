/**
 * Server memory while serving a large city: the real server in a child process, started as
 * `npm start` starts it (`scripts/start.js`: the compiled server under plain Node), on the
 * largest generated city, driven by autocannon with a mixed read load of a signed-in
 * supervisor of the district — work-queue pages, single cases, the district summary and
 * the cell map of a community — while the
 * bench samples the child's resident set (`VmRSS` in `/proc/<pid>/status`) every 100 ms.
 * Reports the largest sample beside the resident set right after start-up (before any
 * request), measured on the same process in the same run.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { localDate } from '../server/domain/calendar/working-hours.ts';
import { benchEnv, cachedCity, ensureBenchAdmin, type CachedCity } from './city-cache.ts';
import { citySizes } from './summary.bench.ts';
import { freePort, round, startChildServer } from './support.ts';

const DAY = 86_400_000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Samples the resident set of `pid` every 100 ms until `stop()`; returns the largest. */
function sampleRss(pid: number) {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssMb(pid));
    } catch {
      // The process has ended: the samples so far stand.
    }
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return round(max, 1);
    },
  };
}

/** Runs the benchmark on the larger city of the mode. */
export async function benchRss(options: { quick?: boolean } = {}) {
  const size = citySizes(options.quick ?? false)[1] as { cases: number; cells: number };
  return measureRss(await cachedCity(size), options.quick ? 5 : 15);
}

/** Serves `city` and samples the server's resident set under `seconds` of mixed reads. */
export async function measureRss(city: CachedCity, seconds: number) {
  const account = await ensureBenchAdmin(city);

  // Targets for the load: some case ids, the busiest community, the district's year.
  const reader = new Database(city.file, { readonly: true });
  const caseIds = (
    reader
      .prepare('select id from cases where rowid % ? = 0 limit 2000')
      .all(Math.max(1, Math.floor(city.cases / 2000))) as { id: string }[]
  ).map((r) => r.id);
  const community = (
    reader
      .prepare(
        `select a.code from case_gauges g join areas a on a.id = g.area_id
         where a.level = 'community' and g.metric = 'open' order by g.n desc limit 1`,
      )
      .get() as { code: string }
  ).code;
  reader.close();
  const endMs = Date.parse(city.endAt);
  const from = localDate(new Date(endMs - 365 * DAY), 'Asia/Shanghai');
  const to = localDate(new Date(endMs), 'Asia/Shanghai');

  const env = { ...benchEnv(city.dataDir), PORT: String(await freePort()), HOST: '127.0.0.1' };
  const server = await startChildServer('civicgrid', env);
  try {
    const pid = server.child.pid as number;
    const idle = round(rssMb(pid), 1);
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    if (!signIn.ok) throw new Error(`rss: sign-in answered ${signIn.status}`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const paths = [
      '/api/v1/cases?status=registered&limit=50',
      '/api/v1/cases?overdue=true&limit=50',
      `/api/v1/stats/summary?area=${city.districtCode}&from=${from}&to=${to}`,
      `/api/v1/stats/cells?parent=${community}`,
    ];
    let k = 0;
    let firstBad: string | null = null;
    const sampler = sampleRss(pid);
    const result = await autocannon({
      url: server.url,
      connections: 8,
      duration: seconds,
      timeout: 30,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const n = k++;
            const path =
              n % 2 === 0
                ? `/api/v1/cases/${caseIds[(n >> 1) % caseIds.length] as string}`
                : (paths[(n >> 1) % paths.length] as string);
            return { ...request, method: 'GET', path, headers: { cookie } };
          },
          onResponse: (status, body) => {
            if ((status < 200 || status > 299) && firstBad === null)
              firstBad = `${status} ${body.slice(0, 300)}`;
          },
        },
      ],
    });
    const max = sampler.stop();
    if (firstBad !== null) throw new Error(`rss: a read failed: ${firstBad as string}`);
    if (result.errors > 0 || result.timeouts > 0)
      throw new Error(`rss: ${result.errors} errors, ${result.timeouts} timeouts`);
    return {
      cases: city.cases,
      cells: city.cells,
      rssMb: max,
      idleMb: idle,
      requests: result['2xx'],
      perSecond: round(result['2xx'] / result.duration, 0),
      seconds,
    };
  } finally {
    await server.stop();
  }
}
