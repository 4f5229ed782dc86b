/**
 * When sources last changed: the start-up checks of the server bundle
 * (`scripts/server-build.js`, plain JavaScript run before anything is compiled) and of the
 * web app's build (`server/web-build.ts`) share it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of a file or of any file below a folder; 0 when missing. */
export function newestIn(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}
