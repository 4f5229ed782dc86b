/**
 * `npm start` as it runs in production: `scripts/start.js` compiles the server into
 * `dist/server.mjs` when a source is newer, then runs it under plain Node (no tsx loader).
 * The compiled server must find everything the TypeScript one does: migrations, the
 * demo seed, the area index, the built web app beside the repository.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { DEMO_PASSWORD } from '../../server/services/seed-demo.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(REPO, 'dist', 'server.mjs');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('npm start: the compiled server', () => {
  let child: ChildProcess;
  let url: string;
  let output = '';
  let touchedAt: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-start-'));

  beforeAll(async () => {
    // A source newer than the bundle: the start must compile it again.
    touchedAt = Math.floor(Date.now() / 1000) * 1000;
    utimesSync(join(REPO, 'server', 'main.ts'), new Date(touchedAt), new Date(touchedAt));
    child = fork(join(REPO, 'scripts', 'start.js'), [], {
      execArgv: [],
      env: {
        ...process.env,
        CIVICGRID_DATA_DIR: dataDir,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        CIVICGRID_JOBS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { ready: string }).ready));
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
  }, 240_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('compiles the server again when a source changed, and runs it without tsx', () => {
    expect(output).toMatch(/Compiled the server in [\d.]+ s \(dist\/server\.mjs\)/);
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThanOrEqual(touchedAt);
    const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine.some((arg) => arg.endsWith('scripts/start.js'))).toBe(true);
    expect(commandLine.join(' ')).not.toContain('tsx');
  });

  it('migrates and seeds a new data folder, and the demo staff can sign in', async () => {
    expect(output).toContain('Demo district seeded');
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const signIn = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { user: { login: string } }).user.login).toBe('admin');
  });

  it('locates a point through its area index', async () => {
    const point = DEMO_POINTS[0] as (typeof DEMO_POINTS)[number];
    const response = await fetch(`${url}/api/v1/areas/locate?lat=${point.lat}&lon=${point.lon}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { area: { code: string } }).area.code).toBe(
      point.expectedCode,
    );
  });

  it('serves the built web app from web/dist, found from the bundle in dist/', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const built = join(REPO, 'web', 'dist', 'index.html');
    expect(existsSync(built)).toBe(true);
    expect(await page.text()).toBe(readFileSync(built, 'utf8'));
  });
});
