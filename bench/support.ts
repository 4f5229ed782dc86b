/** Small helpers shared by the benchmarks: seeded randomness, percentiles, ports, children. */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The nearest-rank percentile `p` (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Rounds to `digits` decimals (figures in the results file stay readable). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A server running in a child process, stopped with `stop()`. */
export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server in a child process and waits for it to report that it listens:
 * `civicgrid` is the real server as `npm start` runs it (`scripts/start.js`, compiled
 * JavaScript under plain Node, compiled first when the sources changed); `hello` is
 * `bench/serve-for-bench.ts` through the tsx loader. The child gets its own event loop, so
 * the load generator in this process never competes with the server inside one loop.
 * Extra Node flags for the child (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) come from
 * `BENCH_NODE_ARGS`.
 */
export async function startChildServer(
  mode: 'civicgrid' | 'hello',
  env: NodeJS.ProcessEnv,
): Promise<ChildServer> {
  const extraArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child =
    mode === 'civicgrid'
      ? fork(new URL('../scripts/start.js', import.meta.url), [], {
          execArgv: extraArgs,
          env,
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        })
      : fork(new URL('./serve-for-bench.ts', import.meta.url), [mode], {
          execArgv: ['--import', 'tsx', ...extraArgs],
          env,
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
  const url = await new Promise<string>((resolve, reject) => {
    // A first start may build the web app (as `npm start` does) before it listens.
    const timer = setTimeout(
      () => reject(new Error(`${mode} server did not start in 5 minutes`)),
      300_000,
    );
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      const m = message as { ready?: string };
      if (m.ready) resolve(m.ready);
      else reject(new Error(`${mode} server sent an unexpected message`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited with code ${String(code)} before listening`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
