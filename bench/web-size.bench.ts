/**
 * The resident page's initial JavaScript: the gzipped size of every script `index.html`
 * loads before the page can run (its module script and the modulepreload links Vite
 * writes for the entry's static imports). Lazily loaded pages and the dashboard's ECharts
 * are not part of it. Builds the web app first when its build is missing or stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, WEB_DIR } from '../server/web-build.ts';

export interface WebSize {
  /** Gzipped KiB of the initial scripts. */
  web_initial_js_kb: number;
  /** How many script files the page loads initially. */
  web_initial_js_files: number;
  /** Whether a chunk named for ECharts is among them (it must not be). */
  echartsInitial: boolean;
}

/** The `src`/`href` of every initial script of the built page. */
export function initialScripts(indexHtml: string): string[] {
  const scripts = [...indexHtml.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)];
  const preloads = [...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)];
  return [...new Set([...scripts, ...preloads].map((m) => m[1] as string))];
}

export async function benchWebSize(): Promise<WebSize> {
  await ensureWebBuilt((line) => process.stdout.write(`web: ${line}\n`));
  const dist = join(WEB_DIR, 'dist');
  const files = initialScripts(readFileSync(join(dist, 'index.html'), 'utf8'));
  if (files.length === 0) throw new Error('web/dist/index.html loads no script');
  const bytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
    0,
  );
  return {
    web_initial_js_kb: Math.round((bytes / 1024) * 10) / 10,
    web_initial_js_files: files.length,
    echartsInitial: files.some((f) => /echarts/i.test(f)),
  };
}
