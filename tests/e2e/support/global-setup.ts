/**
 * End-to-end set-up, once per run: make sure Debian's Chromium is there (installing it
 * with apt-get when missing and root; never downloading a browser of its own) and a
 * Chinese font for the zh-CN screenshots, then build the web app. Each spec file starts
 * its own server (`server.ts`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildWeb } from '../../../server/web-build.ts';
import { CHROMIUM } from './browser.ts';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function aptInstall(packages: string[]): void {
  process.stdout.write(`e2e: installing ${packages.join(', ')} with apt-get…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: 'inherit', env });
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (!isRoot) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install chromium (Debian: sudo apt-get install -y chromium), then run the end-to-end tests again.`,
    );
  }
  aptInstall(['chromium']);
  if (!existsSync(CHROMIUM))
    throw new Error(`apt-get ran but ${CHROMIUM} is still missing: install chromium`);
}

/** Without a CJK font the zh-CN screenshots show boxes (the tests themselves still pass). */
function ensureChineseFont(): void {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  } catch {
    fonts = '';
  }
  if (fonts.trim()) return;
  if (isRoot) aptInstall(['fonts-noto-cjk']);
  else
    process.stdout.write(
      'e2e: no Chinese font found; zh-CN screenshots will show boxes (install fonts-noto-cjk)\n',
    );
}

export default async function setup(): Promise<void> {
  ensureChromium();
  ensureChineseFont();
  const started = Date.now();
  await buildWeb({ quiet: true });
  process.stdout.write(`e2e: web app built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
