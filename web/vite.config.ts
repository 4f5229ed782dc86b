/**
 * The web app's build (`npm run build:web`, and the server's first start): `web/` →
 * `web/dist/`, served by the API server from the same port. JSX through Vite's esbuild;
 * vendors in their own chunks so an app change does not invalidate them; ECharts only in
 * a lazily loaded chunk, so the resident page's initial JavaScript stays small
 * (`npm run bench` prints it as `web_initial_js_kb`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin, type Rollup } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Vendor chunks by package; anything else goes where Rollup puts it. */
const VENDOR_CHUNKS: [RegExp, string][] = [
  [/[\\/]node_modules[\\/](echarts|zrender|tslib)[\\/]/, 'echarts'],
  [/[\\/]node_modules[\\/]leaflet[\\/]/, 'leaflet'],
  [/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, 'react'],
  [/[\\/]node_modules[\\/](i18next|react-i18next|use-sync-external-store)[\\/]/, 'i18n'],
  [/[\\/]node_modules[\\/](@tanstack|wouter|regexparam)[\\/]/, 'query-router'],
];

/**
 * Writes `.br` and `.gz` beside every text asset, so the server sends them compressed
 * (`@fastify/static` with `preCompressed`) without compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'civicgrid-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? join(root, 'dist');
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue;
        const source = output.type === 'chunk' ? output.code : output.source;
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        if (bytes.length < 1024) continue;
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(bytes, { level: 9 }));
        writeFileSync(
          join(dir, `${fileName}.br`),
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/** Chunks left out of the install-time store (large, desk-only); kept once used instead. */
const NOT_PRECACHED = /(^|\/)echarts-[^/]*\.js$|\.map$/;

/**
 * Builds the service worker (`src/features/offline/service-worker.ts`, bundled with the
 * field outbox it sends) into `/sw.js`, with the list of this build's files to store on
 * install and a version hashed from their names, so each deploy gets fresh caches.
 */
function serviceWorker(): Plugin {
  return {
    name: 'civicgrid-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const files = Object.keys(bundle).sort();
      const page = bundle['index.html'];
      const publicDir = join(root, 'public');
      const publicFiles = existsSync(publicDir) ? readdirSync(publicDir).sort() : [];
      const precache = [
        '/',
        ...files.filter((f) => f !== 'index.html' && !NOT_PRECACHED.test(f)).map((f) => `/${f}`),
        ...publicFiles.map((f) => `/${f}`),
      ];
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(page && page.type === 'asset' ? page.source : '')
        .digest('hex')
        .slice(0, 12);
      const output = (await build({
        configFile: false,
        root,
        logLevel: 'warn',
        mode: 'production',
        publicDir: false,
        define: {
          __CIVICGRID_PRECACHE__: JSON.stringify(precache),
          __CIVICGRID_VERSION__: JSON.stringify(version),
        },
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          lib: {
            entry: join(root, 'src/features/offline/service-worker.ts'),
            formats: ['es'],
            fileName: 'sw',
          },
          rollupOptions: { output: { inlineDynamicImports: true } },
        },
      })) as Rollup.RollupOutput | Rollup.RollupOutput[];
      const chunk = [output]
        .flat()
        .flatMap((o) => o.output)
        .find((o): o is Rollup.OutputChunk => o.type === 'chunk' && o.isEntry);
      if (!chunk) throw new Error('The service worker did not build.');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: chunk.code });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  esbuild: { jsx: 'automatic' },
  plugins: [serviceWorker(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 2048,
    rollupOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its modules "use client" for React Server Components; irrelevant here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          for (const [pattern, chunk] of VENDOR_CHUNKS) if (pattern.test(id)) return chunk;
          return undefined;
        },
      },
    },
  },
  server: {
    // `npx vite -c web/vite.config.ts` during development, beside `npm start` on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
