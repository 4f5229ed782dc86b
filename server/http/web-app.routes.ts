/**
 * Serves the built web app (`web/dist`) from the API's own port: hashed assets with
 * immutable caching, other files as they are, and `index.html` for every page address
 * (the app routes in the browser). API, Open311 and system paths never fall back to the
 * page: their unknown addresses stay 404 problem+json. The service worker (`/sw.js`) is
 * revalidated on every visit, so a new build's worker (and its new caches) is found at once.
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WEB_DIR } from '../web-build.ts';

/**
 * Where `npm run build:web` writes the app: found from `web-build.ts`, the one module that
 * locates the repository, so the compiled server (`dist/server.mjs`) finds it too.
 */
export const WEB_DIST = join(WEB_DIR, 'dist');

/** Paths that belong to the server, never to the web app's router. */
const SERVER_PATHS = /^\/(?:api|open311|metrics|healthz|readyz|problems)(?:\/|$)/;

/** Shown when the app has not been built (the API and its tests work without it). */
const NOT_BUILT = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>civicgrid 网格事件管理</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b2733}code{background:#eef2f6;padding:0 .25rem}</style>
</head>
<body>
<main>
<h1>civicgrid</h1>
<p lang="zh-CN">网格事件管理：网页应用尚未构建。运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）。</p>
<p lang="en">Community case management by neighbourhood grid: the web app has not been built yet. Run <code>npm run build:web</code> (<code>npm start</code> builds it for you).</p>
<p><a href="/api/v1/docs">API documentation / 接口文档</a></p>
</main>
</body>
</html>`;

/** True when the client takes HTML: no Accept header (anything goes), `text/html` or `*\/*`. */
function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return !accept || /text\/html|\*\/\*/.test(accept);
}

/** The request's path inside `root`, or null when it is not a plain file there. */
function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = normalize(decoded).replace(/^[/\\]+/, '');
  if (relative === '' || relative.startsWith('..') || relative.includes(`${sep}..`)) return null;
  try {
    return statSync(join(root, relative)).isFile() ? relative : null;
  } catch {
    return null;
  }
}

/** Registers the web app's routes; `root` defaults to `web/dist`. */
export async function webAppRoutes(app: FastifyInstance, { root = WEB_DIST }: { root?: string }) {
  // `serve: false`: only `reply.sendFile`; the route below decides what each path is.
  // `preCompressed`: the build writes .br and .gz beside each asset.
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });

  const sendPage = (reply: FastifyReply) => {
    if (!existsSync(join(root, 'index.html'))) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    // The page names the current hashed assets, so it is revalidated every time.
    return reply
      .header('cache-control', 'no-cache')
      .sendFile('index.html', { cacheControl: false });
  };

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (SERVER_PATHS.test(path)) return reply.callNotFound();
    // The same address may be answered brotli, gzip or plain: caches must keep them apart.
    reply.header('vary', 'accept-encoding');
    if (path.startsWith('/assets/')) {
      // Names carry a content hash: a changed file gets a new name.
      return reply.sendFile(path.slice(1), { immutable: true, maxAge: '365d' });
    }
    const file = fileIn(root, path);
    if (file === 'index.html') return sendPage(reply);
    if (file === 'sw.js') {
      return reply
        .header('cache-control', 'no-cache')
        .header('service-worker-allowed', '/')
        .sendFile(file, { cacheControl: false });
    }
    if (file) return reply.sendFile(file, { maxAge: '1h' });
    // A page address (no file extension) that a browser opens: the app's router takes it.
    if (!/\.[a-z0-9]+$/i.test(path) && acceptsHtml(request)) return sendPage(reply);
    return reply.callNotFound();
  });
}
