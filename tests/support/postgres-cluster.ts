/**
 * A throwaway PostgreSQL cluster for the test run: initdb into a temporary folder, start
 * on a free loopback port, stop and remove afterwards. When the server is not installed
 * it is installed with apt-get if we are root; otherwise the run stops with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function findBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

function ensureInstalled(): string {
  let bin = findBinDir();
  if (bin) return bin;
  if (!isRoot) {
    throw new Error(
      'The tests need a PostgreSQL server (initdb, pg_ctl) and none is installed. ' +
        'Install it with: sudo apt-get install -y postgresql   (then run npm test again)',
    );
  }
  process.stderr.write('PostgreSQL server not found: installing it with apt-get…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', 'postgresql'], { stdio: 'inherit', env });
  bin = findBinDir();
  if (!bin)
    throw new Error(
      'apt-get installed postgresql, but initdb was not found under /usr/lib/postgresql.',
    );
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (it refuses root). */
function runTool(bin: string, tool: string, args: string[]): void {
  const command = isRoot ? 'runuser' : join(bin, tool);
  const fullArgs = isRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/** A running cluster: its superuser URL and how to stop it. */
export interface PostgresCluster {
  url: string;
  stop(): void;
}

/**
 * Starts a fresh cluster. Test clusters skip durability (fsync, synchronous commit), which
 * only slows the suite down; `durable: true` keeps PostgreSQL's defaults, as benchmarks
 * must to measure what a real installation does.
 */
export async function startPostgresCluster(
  settings: { durable?: boolean } = {},
): Promise<PostgresCluster> {
  const bin = ensureInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-pg-'));
  chmodSync(dir, 0o700);
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  runTool(bin, 'initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    ...(settings.durable
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=200',
  ].join(' ');
  runTool(bin, 'pg_ctl', [
    '-D',
    data,
    '-o',
    options,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
