/**
 * The `civicgrid` command: serve, migrate, seed-demo, import-areas, export-areas,
 * create-user, verify-audit, backup, sweep, generate. Each command opens the configured database
 * (same environment variables as the server), does its work and closes it. Errors print a
 * clear message and exit 1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { AREA_LEVELS, type AreaLevel } from '../domain/areas/area.ts';
import { isEmpty, openRuntime } from '../runtime.ts';
import { serve } from '../serve.ts';
import { runBackup } from './commands/backup.ts';
import { runVerifyAudit } from './commands/verify-audit.ts';
import { runImportCases } from './commands/import-cases.ts';
import { runGenerate, type GenerateCliOptions } from './commands/generate.ts';
import { runLocked } from '../jobs/job.ts';
import type { Services } from '../services/container.ts';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../services/seed-demo.ts';
import {
  migrateDown,
  migrateToEmpty,
  migrateToLatest,
  openDatabase,
  sqliteFileIn,
} from '../storage/database.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function withServices<T>(
  work: (services: Services) => Promise<T>,
  config = loadConfig(),
): Promise<T> {
  const { db, services } = await openRuntime(config);
  try {
    return await work(services);
  } finally {
    await db.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Builds the command tree (exported for tests). */
export function buildCli(): Command {
  const program = new Command('civicgrid')
    .description('civicgrid — community case management by neighbourhood grid')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server (the same as npm start)')
    .action(async () => {
      const server = await serve(loadConfig());
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('bring the database schema up to date (or revert with --down / --reset)')
    .option('--down', 'revert the last migration')
    .option('--reset', 'revert every migration (drops all tables and data)')
    .action(async (options: { down?: boolean; reset?: boolean }) => {
      const config = loadConfig();
      const db = openDatabase(
        config.databaseUrl
          ? { databaseUrl: config.databaseUrl }
          : { sqliteFile: sqliteFileIn(config.dataDir) },
      );
      try {
        const ran = options.reset
          ? await migrateToEmpty(db)
          : options.down
            ? await migrateDown(db)
            : await migrateToLatest(db);
        out(ran.length ? ran.join('\n') : 'The schema is already up to date.');
      } finally {
        await db.close();
      }
    });

  program
    .command('seed-demo')
    .description('seed the fictional demo district into an empty database')
    .action(() =>
      withServices(async (services) => {
        const accounts = await services.seedDemo({ dutyRoster: true });
        out(`Seeded the demo district. Sign-ins (password "${DEMO_PASSWORD}"):`);
        for (const a of accounts) out(`  ${a.login.padEnd(16)} ${a.roles}`);
        out(`Demo API token / Open311 api_key: ${DEMO_API_KEY}`);
      }),
    );

  program
    .command('import-areas')
    .description('import a GeoJSON area file: every feature is validated, all or nothing')
    .argument('<file>', 'GeoJSON FeatureCollection (WGS 84)')
    .action(async (file: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new ValidationError(`Cannot read ${file} as JSON: ${(error as Error).message}`);
      }
      await withServices(async (services) => {
        const { created, updated } = await services.importAreas(parsed);
        out(`Imported ${file}: ${created} areas created, ${updated} updated.`);
      });
    });

  program
    .command('import-cases')
    .description(
      'import cases from another system (CSV, docs/import-cases.md): every row is checked first, all or nothing; rows imported before are skipped',
    )
    .argument('<file>', 'CSV file with a header row, UTF-8')
    .option('--dry-run', 'check the file and say what would be imported; write nothing')
    .action((file: string, options: { dryRun?: boolean }) =>
      withServices((services) =>
        runImportCases(services.importCases, file, options, out, process.stderr),
      ),
    );

  program
    .command('export-areas')
    .description('write the area tree as a GeoJSON area file')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .addOption(new Option('--level <level>', 'only one level').choices(AREA_LEVELS))
    .action((options: { out?: string; level?: AreaLevel }) =>
      withServices(async (services) => {
        const file = await services.exportAreas({ level: options.level });
        const text = `${JSON.stringify(file, null, 1)}\n`;
        if (options.out) {
          await writeFile(options.out, text);
          process.stderr.write(`Wrote ${file.features.length} areas to ${options.out}.\n`);
        } else process.stdout.write(text);
      }),
    );

  program
    .command('create-user')
    .description('create a staff account')
    .requiredOption('--login <login>', 'sign-in name (lower-case letters, digits, _ . -)')
    .option('--name <name>', 'display name')
    .option('--email <email>', 'e-mail address')
    .option('--password <password>', 'password (10+ characters); prefer --password-stdin')
    .option('--password-stdin', 'read the password from standard input')
    .option(
      '--grant <role[:scope]>',
      'a role and the area code or department code it is granted on, e.g. dispatcher:990102 or handler:water; repeatable',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .action(
      async (options: {
        login: string;
        name?: string;
        email?: string;
        password?: string;
        passwordStdin?: boolean;
        grant: string[];
      }) => {
        const password = options.passwordStdin ? await readStdin() : options.password;
        if (!password)
          throw new ValidationError('Give a password with --password or --password-stdin.');
        await withServices(async (services) => {
          const departments = new Set(
            (await services.stores.org.listDepartments()).map((d) => d.code),
          );
          const grants = options.grant.map((text) => {
            const [role = '', scope] = text.split(':', 2);
            return scope && departments.has(scope)
              ? { role, department: scope }
              : { role, area: scope ?? null };
          });
          const id = await services.createUser({
            login: options.login,
            displayName: options.name,
            email: options.email ?? null,
            password,
            grants,
          });
          out(`Created ${options.login} (${id}).`);
          if (await isEmpty(services)) out('Note: the database has no areas yet.');
        });
      },
    );

  program
    .command('verify-audit')
    .description('verify the hash chain of the audit log; reports the first broken entry')
    .action(() =>
      withServices(async (services) => {
        const ok = await runVerifyAudit({ audit: services.stores.audit }, out);
        if (!ok) process.exitCode = 1;
      }),
    );

  program
    .command('backup')
    .description(
      'copy the database (a consistent snapshot, while the server runs) and the attachments into a new folder, and check the copy',
    )
    .argument('<folder>', 'a new or empty folder')
    .action(async (folder: string) => {
      const { ok } = await runBackup(loadConfig(), folder, {
        out,
        progress: (line) => process.stderr.write(`${line}\n`),
      });
      if (!ok) process.exitCode = 1;
    });

  program
    .command('sweep')
    .description('run the deadline sweeper once (mark overdue stages, escalate by policy)')
    .action(() =>
      withServices(async (services) => {
        const result = await runLocked(services.db, services.sweeper, `cli-${process.pid}`);
        if (!result) {
          out('Another instance is sweeping now; nothing done.');
          return;
        }
        out(
          `Marked ${result.marked} overdue, escalated ${result.escalated}, skipped ${result.skipped}.`,
        );
      }),
    );

  program
    .command('generate')
    .description(
      'write a synthetic city into a database without cases: a district of grid cells and cases with their counters (for trials and benchmarks)',
    )
    .option('--cases <n>', 'how many cases (e.g. 1000000, 1m, 100k)', '100000')
    .option('--cells <n>', 'about how many grid cells in the district', '100000')
    .option('--seed <n>', 'the same seed makes the same city', '1')
    .option('--no-search-index', 'leave the SQLite search index empty (faster)')
    .option('--database-url <url>', 'a postgres:// URL (default: DATABASE_URL or the data folder)')
    .action(async (options: GenerateCliOptions & { databaseUrl?: string }) => {
      const config = loadConfig(
        options.databaseUrl ? { ...process.env, DATABASE_URL: options.databaseUrl } : process.env,
      );
      await withServices(
        (services) =>
          runGenerate(services, config.gridNumberWidth, options, {
            out,
            progress: process.stderr,
          }),
        config,
      );
    });

  return program;
}

/** Prints an error the way a person can act on, and exits 1. */
function fail(error: unknown): never {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof ValidationError) {
    process.stderr.write(`${error.message}\n`);
    for (const f of error.fields) {
      if (!error.message.includes(f.message))
        process.stderr.write(`  - ${f.field}: ${f.message}\n`);
    }
  } else if (error instanceof DomainError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
}

/** Runs the CLI with `argv` (as in `process.argv`); exits 1 with a message on error. */
export async function runCli(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv).catch(fail);
}

if (process.argv[1] !== undefined && /civicgrid\.ts$/.test(process.argv[1]))
  void runCli(process.argv);
