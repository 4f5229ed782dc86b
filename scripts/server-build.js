/**
 * The server as compiled JavaScript: `server/main.ts` bundled by esbuild into one ES module,
 * `dist/server.mjs`, with every package left external (better-sqlite3, sharp and the rest
 * load from node_modules as usual). `npm start` runs the bundle with plain Node instead of
 * the tsx loader, whose module hooks run on a second thread with a V8 heap of their own and
 * whose transformed modules carry inline source maps: memory that serving never uses
 * (docs/performance.md, "Memory"). The bundle is made again whenever a source is newer.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { newestIn } from './newest-mtime.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** The bundle `npm start` runs, and its entry point. */
export const SERVER_BUNDLE = join(REPO, 'dist', 'server.mjs');
export const SERVER_ENTRY = join(REPO, 'server', 'main.ts');

/**
 * Why the bundle is out of date (`missing`, `stale`), or null when it is current.
 * @returns {'missing' | 'stale' | null}
 */
export function serverBuildState() {
  if (!existsSync(SERVER_BUNDLE)) return 'missing';
  const built = statSync(SERVER_BUNDLE).mtimeMs;
  const sources = Math.max(
    newestIn(join(REPO, 'server')),
    newestIn(join(REPO, 'package-lock.json')),
    newestIn(fileURLToPath(import.meta.url)),
    // The bundle holds this shared helper too (through server/web-build.ts).
    newestIn(join(REPO, 'scripts', 'newest-mtime.js')),
  );
  return sources > built ? 'stale' : null;
}

/** Bundles the server into `dist/server.mjs` (written under another name, then renamed). */
export async function buildServer() {
  const { build, stop } = await import('esbuild');
  const result = await build({
    entryPoints: [SERVER_ENTRY],
    outfile: SERVER_BUNDLE,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // esbuild keeps its service process for further builds: there are none.
  await stop();
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  // The map first, the bundle last, each renamed into place whole: a server starting at
  // the same moment runs either the old bundle or the new one, never half a file.
  const outputs = [...result.outputFiles].sort((a, b) => b.path.length - a.path.length);
  for (const output of outputs) {
    const partial = `${output.path}.${process.pid}.partial`;
    writeFileSync(partial, output.contents);
    renameSync(partial, output.path);
  }
}

// `node scripts/server-build.js` (`npm run build:server`, and `npm start` when the bundle
// is out of date): bundle now, saying how long it took.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  await buildServer();
  process.stdout.write(
    `Compiled the server in ${((Date.now() - started) / 1000).toFixed(1)} s (dist/server.mjs).\n`,
  );
}
