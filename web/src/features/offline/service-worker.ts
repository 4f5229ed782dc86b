/**
 * The service worker (built by `web/vite.config.ts` into `/sw.js`, with the list of the
 * build's files and a version taken from their hashed names):
 *
 * - the app shell (the page, its hashed JS and CSS, the icon) is stored on install, so the
 *   app opens offline after one online visit; a new build is a new cache and the old one
 *   is deleted when the new worker takes over;
 * - pages are network-first, falling back to the stored shell (the app routes in the page);
 * - hashed assets are cache-first (their names change with their content), lazily loaded
 *   ones are stored the first time they are used;
 * - the API is network-first and network-only, except a few public reference answers
 *   (categories, departments, area outlines, public settings) that are kept as a fallback:
 *   nothing personal (cases, the session, users) and no answer to anything but a GET is
 *   ever stored;
 * - Background Sync (where the browser has it) sends the field outbox when the connection
 *   returns, with the same idempotency keys as the page.
 */
import { flushOutbox, listOutbox } from '../field/outbox.ts';
import { OUTBOX_SYNC_TAG, OUTBOX_SENT_MESSAGE } from './messages.ts';

// The service worker's own event types (the web app is type-checked with the DOM library).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
interface WindowClientLike {
  postMessage(message: unknown): void;
}
interface ServiceWorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: {
    claim(): Promise<void>;
    matchAll(options?: {
      type?: 'window';
      includeUncontrolled?: boolean;
    }): Promise<WindowClientLike[]>;
  };
  readonly location: Location;
}

declare const self: ServiceWorkerScope;
/** Files of the build to store on install (absolute paths), put in by the build. */
declare const __CIVICGRID_PRECACHE__: string[];
/** The build's version (a hash of its file names), put in by the build. */
declare const __CIVICGRID_VERSION__: string;

const PREFIX = 'civicgrid-';
const SHELL = `${PREFIX}shell-${__CIVICGRID_VERSION__}`;
const ASSETS = `${PREFIX}assets-${__CIVICGRID_VERSION__}`;
const REFERENCE = `${PREFIX}reference-${__CIVICGRID_VERSION__}`;
const CURRENT = new Set([SHELL, ASSETS, REFERENCE]);

/** Public API answers kept as an offline fallback: reference data, the same for everyone. */
const PUBLIC_REFERENCE = [
  /^\/api\/v1\/config\/public$/,
  /^\/api\/v1\/categories$/,
  /^\/api\/v1\/departments$/,
  /^\/api\/v1\/areas$/,
  /^\/api\/v1\/areas\/boundaries$/,
];
/** Reference answers stored on install, so one online visit is enough to report offline. */
const REFERENCE_ON_INSTALL = ['/api/v1/config/public', '/api/v1/categories', '/api/v1/departments'];
/** Paths that belong to the server (the same list as `server/http/web-app.routes.ts`). */
const SERVER_PATHS = /^\/(?:api|open311|metrics|healthz|readyz|problems)(?:\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      // `cache: 'reload'` so the HTTP cache cannot hand over a file of the previous build.
      await cache.addAll(
        __CIVICGRID_PRECACHE__.map((url) => new Request(url, { cache: 'reload' })),
      );
      // The reference data a report form needs offline, fetched now (the page's own first
      // requests went out before the worker was there); best effort, refreshed on each use.
      const reference = await caches.open(REFERENCE);
      await Promise.allSettled(REFERENCE_ON_INSTALL.map((url) => reference.add(url)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && !CURRENT.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The network's answer, else what `fallback` finds, else the network's failure. */
async function networkFirst(
  request: Request,
  store: (response: Response) => Promise<void>,
  fallback: () => Promise<Response | undefined>,
): Promise<Response> {
  try {
    // eslint-disable-next-line no-restricted-globals -- the worker passes the page's own request on
    const response = await fetch(request);
    if (response.ok) await store(response.clone());
    return response;
  } catch (error) {
    const kept = await fallback();
    if (kept) return kept;
    throw error;
  }
}

async function fromCache(cacheName: string, request: Request | string) {
  // Hashed assets vary by encoding only: any stored copy of the same address will do.
  return (await caches.open(cacheName)).match(request, { ignoreVary: true });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Only reads are ever answered from or stored in a cache; a POST goes straight through.
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;

  if (SERVER_PATHS.test(path)) {
    if (!path.startsWith('/api/')) return;
    const isPublic = PUBLIC_REFERENCE.some((pattern) => pattern.test(path));
    if (!isPublic) return; // network only: nothing personal is kept on the device
    event.respondWith(
      networkFirst(
        request,
        async (response) => (await caches.open(REFERENCE)).put(request, response),
        () => fromCache(REFERENCE, request),
      ),
    );
    return;
  }

  if (request.mode === 'navigate') {
    // Always the newest page when online; the stored shell (which routes in the page) offline.
    event.respondWith(
      networkFirst(
        request,
        async () => undefined,
        () => fromCache(SHELL, '/'),
      ),
    );
    return;
  }

  if (path === '/sw.js') return;
  event.respondWith(
    (async () => {
      const stored = (await fromCache(SHELL, request)) ?? (await fromCache(ASSETS, request));
      if (stored) return stored;
      // eslint-disable-next-line no-restricted-globals -- the worker passes the page's own request on
      const response = await fetch(request);
      // Lazily loaded chunks (the dashboard's charts) are kept once used.
      if (response.ok && path.startsWith('/assets/'))
        await (await caches.open(ASSETS)).put(request, response.clone());
      return response;
    })(),
  );
});

self.addEventListener('sync', (event) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const sent = await flushOutbox();
      if (sent > 0) {
        for (const client of await self.clients.matchAll({ type: 'window' }))
          client.postMessage({ type: OUTBOX_SENT_MESSAGE, sent });
      }
      // A failed sync is tried again by the browser later: fail while reports still wait.
      if ((await listOutbox()).some((entry) => !entry.error))
        throw new Error('Reports are still waiting for the connection.');
    })(),
  );
});
