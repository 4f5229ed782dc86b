/**
 * Building the web app (`web/` → `web/dist/`) with Vite: on the first `npm start`, whenever
 * the sources are newer than the build, and by `npm run build:web`, the end-to-end tests
 * and the benchmark. Vite is imported only when a build is needed.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestIn } from '../scripts/newest-mtime.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** The web app's sources and its build. */
export const WEB_DIR = join(REPO, 'web');
export const WEB_DIST_INDEX = join(WEB_DIR, 'dist', 'index.html');

/** Why the build is out of date (`missing`, `stale`), or null when it is current. */
export function webBuildState(): 'missing' | 'stale' | null {
  if (!existsSync(WEB_DIST_INDEX)) return 'missing';
  const built = statSync(WEB_DIST_INDEX).mtimeMs;
  const sources = Math.max(
    ...['index.html', 'vite.config.ts', 'src', 'public'].map((p) => newestIn(join(WEB_DIR, p))),
    newestIn(join(REPO, 'package-lock.json')),
  );
  return sources > built ? 'stale' : null;
}

/** Builds the web app into `web/dist` (production mode). */
export async function buildWeb(options: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite');
  // Vite bakes NODE_ENV into the bundle: under a test runner (NODE_ENV=test) it would ship
  // React's development build, three times the size.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(WEB_DIR, 'vite.config.ts'),
      mode: 'production',
      logLevel: options.quiet ? 'warn' : 'info',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * Builds the web app into `web/dist` in a child process (`vite build`, as
 * `npm run build:web`): a build inside the server left it holding some 800 MB of memory
 * (Vite, Rollup and their heap) for as long as it ran.
 */
export async function buildWebInChildProcess(): Promise<void> {
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const viteCli = join(dirname(vitePackage), 'bin', 'vite.js');
  const args = ['build', '--config', join(WEB_DIR, 'vite.config.ts'), '--mode', 'production'];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [viteCli, ...args, '--logLevel', 'warn'], {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build ended with ${signal ?? `exit code ${String(code)}`}`)),
    );
  });
}

/**
 * Builds the web app (in a child process) when its build is missing or older than its
 * sources, saying so on `log`; resolves to whether it built.
 */
export async function ensureWebBuilt(log: (line: string) => void): Promise<boolean> {
  const state = webBuildState();
  if (state === null) return false;
  const started = Date.now();
  log(
    state === 'missing'
      ? 'Building the web app (first start; takes a few seconds)…'
      : 'Rebuilding the web app (its sources changed)…',
  );
  await buildWebInChildProcess();
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s (web/dist).`);
  return true;
}
