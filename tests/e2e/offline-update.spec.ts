/**
 * A new deploy replaces the service worker's caches: the app is served from a copy of the
 * build; after one visit the worker's caches carry the build's version; a "deploy" (the
 * same files under a new version) installs the new worker, which takes over and drops the
 * old caches — and the page still reloads offline from the new ones.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../server/web-build.ts';
import { launchBrowser, newPage, PHONE, type TestBrowser } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

/** The worker's cache names (page scripts as strings: no DOM library here). */
async function cacheNames(page: Page): Promise<string[]> {
  return ((await page.evaluate('caches.keys()')) as string[]).sort();
}

async function waitForController(page: Page, scriptUrl: string): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const active = await page.evaluate(
      `navigator.serviceWorker.getRegistration().then((r) => r?.active?.scriptURL ?? null)`,
    );
    const controlled = await page.evaluate('navigator.serviceWorker.controller !== null');
    if (active === scriptUrl && controlled) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service worker never took control of the page');
}

describe('a new deploy and the service worker', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'civicgrid-deploy-'));
    cpSync(join(WEB_DIR, 'dist'), root, { recursive: true });
    server = await startServer({}, { webRoot: root });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('installs the new version, drops the old caches and still loads offline', async () => {
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: 'en',
      viewport: PHONE,
    });
    await page.goto('/');
    await page.locator('#root *').first().waitFor();
    await waitForController(page, `${server.url}/sw.js`);
    // Caches are filled at install; wait for the shell's.
    let before: string[] = [];
    const until = Date.now() + 10_000;
    while (Date.now() < until && !before.some((n) => n.startsWith('civicgrid-shell-'))) {
      before = await cacheNames(page);
      await new Promise((r) => setTimeout(r, 100));
    }
    const shell = before.find((n) => n.startsWith('civicgrid-shell-'));
    expect(shell).toBeDefined();
    const oldVersion = (shell as string).slice('civicgrid-shell-'.length);
    expect(oldVersion).toMatch(/^[0-9a-f]{12}$/);

    // The deploy: a worker of a new version (compressed copies rewritten as the build does).
    const newVersion = [...oldVersion].reverse().join('');
    const worker = readFileSync(join(root, 'sw.js'), 'utf8').replaceAll(oldVersion, newVersion);
    writeFileSync(join(root, 'sw.js'), worker);
    writeFileSync(join(root, 'sw.js.gz'), gzipSync(worker));
    writeFileSync(join(root, 'sw.js.br'), brotliCompressSync(worker));

    await page.evaluate('navigator.serviceWorker.getRegistration().then((r) => r.update())');
    const deadline = Date.now() + 20_000;
    let after: string[] = [];
    while (Date.now() < deadline) {
      after = await cacheNames(page);
      if (after.length > 0 && after.every((n) => n.endsWith(newVersion))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(after).toContain(`civicgrid-shell-${newVersion}`);
    expect(after.filter((n) => n.includes(oldVersion))).toEqual([]);

    // The new caches serve the app offline.
    await context.setOffline(true);
    await page.reload();
    await page.locator('#root *').first().waitFor();
    expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
    await context.close();
  });
});
