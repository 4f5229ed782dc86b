import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/app.ts';
import { createServices } from '../../server/services/container.ts';
import { createTestDb, type TestDb } from '../support/databases.ts';
import { testServiceConfig } from '../support/config.ts';
import { problemOf } from '../support/app.ts';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><noscript>网格 grid</noscript></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;
const WORKER = `self.addEventListener('fetch', () => {}); // ${'w'.repeat(2000)}`;

/** A built web app in miniature: the page, one hashed asset (with its .br), a favicon. */
function fakeDist(): string {
  const root = mkdtempSync(join(tmpdir(), 'civicgrid-dist-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-AbC123.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'index-AbC123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'sw.js'), WORKER);
  writeFileSync(join(root, 'sw.js.br'), brotliCompressSync(WORKER));
  return root;
}

describe('the web app, served from the API port', () => {
  let test: TestDb;
  let app: FastifyInstance;
  let unbuilt: FastifyInstance;
  const config = {
    logLevel: 'silent' as const,
    bodyLimitBytes: 1024 * 1024,
    cookieSecure: false,
    trustProxy: false,
    uploadLimitBytes: 1024 * 1024,
  };

  beforeAll(async () => {
    test = await createTestDb('sqlite');
    const services = createServices(test.db, testServiceConfig());
    await services.locator.refresh();
    app = await buildApp({
      config: { ...config, tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' },
      services,
      logger: false,
      webRoot: fakeDist(),
    });
    unbuilt = await buildApp({
      config,
      services,
      logger: false,
      webRoot: mkdtempSync(join(tmpdir(), 'civicgrid-empty-')),
    });
    await Promise.all([app.ready(), unbuilt.ready()]);
  });
  afterAll(async () => {
    await app?.close();
    await unbuilt?.close();
    await test?.drop();
  });

  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  it('answers every page address with index.html, revalidated each time', async () => {
    for (const url of ['/', '/track', '/track/K7Q2-9XM4-HT3P', '/staff?x=1', '/index.html']) {
      const page = await app.inject({ url, headers: html });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toBe(INDEX);
    }
    // No Accept header accepts anything, HTML included.
    expect((await app.inject('/track')).body).toBe(INDEX);
  });

  it('serves hashed assets for a year, compressed when the client takes it', async () => {
    const plain = await app.inject('/assets/index-AbC123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(SCRIPT);
    const br = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(SCRIPT.length);
    const favicon = await app.inject('/favicon.svg');
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('serves the service worker revalidated on every visit, for the whole site', async () => {
    for (const headers of [{}, { 'accept-encoding': 'br' }]) {
      const worker = await app.inject({ url: '/sw.js', headers });
      expect(worker.statusCode).toBe(200);
      expect(worker.headers['content-type']).toMatch(/javascript/);
      expect(worker.headers['cache-control']).toBe('no-cache');
      expect(worker.headers['service-worker-allowed']).toBe('/');
    }
    expect((await app.inject('/sw.js')).body).toBe(WORKER);
    // The unbuilt app has no worker: a 404, never the page.
    const none = await unbuilt.inject({ url: '/sw.js', headers: html });
    expect(none.statusCode).toBe(404);
  });

  it('never answers API, Open311, system or file addresses with the page', async () => {
    for (const url of [
      '/api/v1/nothing-here',
      '/api',
      '/open311/v2/nothing-here',
      '/metrics/x',
      '/healthz/x',
      '/problems/x/y',
      '/assets/missing-123.js',
      '/logo.png',
    ]) {
      const response = await app.inject({ url, headers: html });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toBe(INDEX);
      // Open311 answers its own errors in its own format.
      if (!url.startsWith('/open311/')) expect(problemOf(response).code, url).toBe('not-found');
    }
    const json = await app.inject({ url: '/track/x', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    expect(problemOf(json).code).toBe('not-found');
    const post = await app.inject({ method: 'POST', url: '/track', headers: html });
    expect(post.statusCode).toBe(404);
    expect(problemOf(post).code).toBe('not-found');
  });

  it('says in both languages when the app has not been built', async () => {
    const page = await unbuilt.inject({ url: '/track/ABC', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/网页应用尚未构建/);
    expect(page.body).toMatch(/npm run build:web/);
    expect(page.body).toMatch(/has not been built/);
  });

  it('tells the web app the tile URL, and null when none is set', async () => {
    expect((await app.inject('/api/v1/config/public')).json()).toEqual({
      tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
    });
    expect((await unbuilt.inject('/api/v1/config/public')).json()).toEqual({ tileUrl: null });
  });
});
