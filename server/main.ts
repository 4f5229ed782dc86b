/**
 * The server's entry point: validate the configuration, then serve until SIGINT or SIGTERM.
 * `npm start` runs it compiled (`scripts/start.js`, `dist/server.mjs`).
 */
import { ConfigError, loadConfig } from './config.ts';
import { serve } from './serve.ts';

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
