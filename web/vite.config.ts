/**
 * The web app's build (`npm run build:web`, and the server's first start): `web/` →
 * `web/dist/`, served by the API server from the same port. JSX through Vite's esbuild;
 * vendors in their own chunks so an app change does not invalidate them; ECharts only in
 * a lazily loaded chunk, so the resident page's initial JavaScript stays small
 * (`npm run bench` prints it as `web_initial_js_kb`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  esbuild: { jsx: 'automatic' },
  plugins: [precompress()],
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
