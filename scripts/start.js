/**
 * `npm start`: compiles the server into `dist/server.mjs` when it is missing or older than
 * its sources (see `server-build.js`), then runs it in this process with plain Node.
 */
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { SERVER_BUNDLE, serverBuildState } from './server-build.js';

const state = serverBuildState();
if (state !== null) {
  // In a child process, so esbuild's client and its output never stay in the server's memory.
  process.stdout.write(
    state === 'missing'
      ? 'Compiling the server (first start)…\n'
      : 'Compiling the server again (its sources changed)…\n',
  );
  const build = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./server-build.js', import.meta.url))],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) {
    process.stderr.write('Could not compile the server: see the errors above.\n');
    process.exit(1);
  }
}
await import(pathToFileURL(SERVER_BUNDLE).href);
