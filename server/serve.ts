/**
 * Runs the server: build the web app when needed, open, migrate, seed the demo on first
 * start, listen, stop cleanly.
 */
import type { Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { startJobs } from './jobs/job.ts';
import { isEmpty, openRuntime } from './runtime.ts';
import { DEMO_API_KEY, DEMO_PASSWORD } from './services/seed-demo.ts';
import { ensureWebBuilt } from './web-build.ts';

/** Starts serving; resolves once listening, with a function that stops the server. */
export async function serve(config: Config): Promise<{ url: string; close: () => Promise<void> }> {
  try {
    await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    // The API does not need the pages: serve it, and say why the pages are missing.
    process.stderr.write(
      `Could not build the web app (${error instanceof Error ? error.message : String(error)}); ` +
        'the API runs, and its pages show a notice. Run `npm run build:web` to see the details.\n',
    );
  }
  const { db, services } = await openRuntime(config);
  const lines: string[] = [];
  if (config.seedDemo && (await isEmpty(services))) {
    const accounts = await services.seedDemo({ dutyRoster: true });
    lines.push(
      '',
      'Demo district seeded (fictional). Demo sign-ins, all with the password "' +
        DEMO_PASSWORD +
        '":',
      ...accounts.map((a) => `  ${a.login.padEnd(16)} ${a.roles}`),
      `Demo API token / Open311 api_key: ${DEMO_API_KEY}`,
      'These demo secrets exist only in demo data: never use demo data in production.',
    );
  }
  const app = await buildApp({ config, services });
  await app.listen({ port: config.port, host: config.host });
  const stopJobs = config.jobs
    ? startJobs(
        db,
        [services.sweeper, services.outboxSender, services.dueSoonNotifier, services.dutyReminder],
        app.log,
      )
    : async () => undefined;
  const shownHost =
    config.host === '0.0.0.0'
      ? '127.0.0.1'
      : config.host.includes(':')
        ? `[${config.host}]`
        : config.host;
  const url = `http://${shownHost}:${config.port}`;
  process.stdout.write(
    [
      `civicgrid is running at ${url}/  (API docs: ${url}/api/v1/docs)`,
      `Storage: ${db.dialect} (${db.location})`,
      ...lines,
      '',
    ].join('\n'),
  );
  return {
    url,
    close: async () => {
      await stopJobs();
      await app.close();
      await db.close();
    },
  };
}
