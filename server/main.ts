/**
 * The server's entry point: validate the configuration, then serve until SIGINT or SIGTERM.
 * `npm start` runs it compiled (`scripts/start.js`, `dist/server.mjs`).
 */
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig } from './config.ts';
import { serve } from './serve.ts';

/**
 * How far V8 lets the old generation grow past its live data before a full collection.
 * Left to itself, V8 allows up to four times under a steady load of reads: some 50 MB of
 * live data then held 150 MB more of garbage, and the server neared 300 MB. Half again
 * keeps it near its live data for a share of its read throughput (docs/performance.md,
 * "Server memory"). V8 reads it at every full collection, so setting it at start is in time.
 */
const HEAP_GROWING_PERCENT = 50;
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await serve(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping civicgrid…\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A parent that forked this process (the benchmarks, the start-up test) learns the address.
  process.send?.({ ready: server.url });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
