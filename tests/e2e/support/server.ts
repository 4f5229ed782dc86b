/**
 * The real server for a spec file: the same app `npm start` runs (`buildApp` over
 * `openRuntime`), on a random port, over a fresh SQLite data folder seeded with the demo
 * district, serving the built web app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config.ts';
import { buildApp } from '../../../server/http/app.ts';
import { openRuntime } from '../../../server/runtime.ts';
import type { Services } from '../../../server/services/container.ts';

export interface TestServer {
  url: string;
  services: Services;
  /** Calls the API as `login` (signed in once, then by cookie) or anonymously. */
  api<T = unknown>(
    method: string,
    path: string,
    options?: { as?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** Starts the server; `webRoot` serves a copy of the built app instead of `web/dist`. */
export async function startServer(
  env: Record<string, string> = {},
  options: { webRoot?: string } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-e2e-'));
  const config = loadConfig({
    CIVICGRID_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    CIVICGRID_JOBS: 'false',
    ...env,
  });
  const { db, services } = await openRuntime(config);
  await services.seedDemo();
  const app = await buildApp({
    config,
    services,
    logger: false,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const cookies = new Map<string, string>();

  async function cookieOf(login: string): Promise<string> {
    const known = cookies.get(login);
    if (known) return known;
    const response = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: 'demo-password' }),
    });
    if (!response.ok) throw new Error(`sign-in of ${login} failed: ${await response.text()}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    cookies.set(login, cookie);
    return cookie;
  }

  return {
    url,
    services,
    async api(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers.cookie = await cookieOf(options.as);
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
    async close() {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
