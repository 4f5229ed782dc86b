/**
 * The server under test as a child process: `node --import tsx server/main.ts`, spawned
 * with this Node's own executable so that the pid we SIGKILL is the server itself (no npx
 * or shell wrapper in between). Every child is registered, so that an interrupted run
 * never leaves one behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LoopbackClient } from './loopback-client.ts';

/** The repository root (the server resolves `tsx` and `web/` from here). */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

const live = new Set<ChildProcess>();

/** SIGKILLs every child still running (on exit, SIGINT, or a failure). */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Starts a child and keeps it in the registry until it exits. */
export function spawnTracked(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdio: 'pipe' | 'ignore' = 'pipe',
): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', stdio, stdio] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/**
 * The environment of every child: this one without any civicgrid setting that could point
 * it elsewhere (another database, a mail server), plus the test's own.
 */
export function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(CIVICGRID_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    CIVICGRID_DATA_DIR: dataDir,
    CIVICGRID_SEED_DEMO: 'true',
    CIVICGRID_JOBS: 'true',
    // A sweep every second, so the stages the run makes one minute long are marked
    // overdue while the load and the kills go on (a whole run lasts little more than a
    // minute: at the default 30 s, sweeps came too rarely to catch any).
    CIVICGRID_SWEEP_INTERVAL_S: '1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A running server child. */
export interface ServerProcess {
  pid: number;
  port: number;
  client: LoopbackClient;
  /** Milliseconds from spawn to the first ready `/readyz`. */
  startMs: number;
  /** SIGKILLs the process and resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it printed (for diagnostics). */
  output(): string;
}

/** Starts the server over `dataDir` and resolves once `/readyz` answers 200. */
export async function startServer(dataDir: string, timeoutMs: number): Promise<ServerProcess> {
  const port = await freePort();
  const started = Date.now();
  const child = spawnTracked(
    ['--import', 'tsx', 'server/main.ts'],
    childEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1' }),
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (!gone()) child.kill('SIGKILL');
    await exited;
  };
  const client = new LoopbackClient(port);
  const output = () => lines.join('\n').trim();

  for (;;) {
    if (gone()) {
      client.close();
      throw new Error(`the server exited during start (code ${child.exitCode}):\n${output()}`);
    }
    if (Date.now() - started > timeoutMs) {
      await kill();
      client.close();
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output()}`);
    }
    const ready = await client
      .send('/readyz', { timeoutMs: 2000 })
      .then((a) => a.status === 200)
      .catch(() => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    pid: child.pid ?? -1,
    port,
    client,
    startMs: Date.now() - started,
    kill: async () => {
      await kill();
      client.close();
    },
    stop: async (graceMs = 10_000) => {
      if (!gone()) child.kill('SIGTERM');
      const timer = setTimeout(() => void kill(), graceMs);
      await exited;
      clearTimeout(timer);
      client.close();
    },
    output,
  };
}
