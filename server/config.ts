/**
 * Configuration from environment variables (SPEC "Operation"), validated once at start.
 * Every problem is reported together, naming the variable, the value and what is expected.
 */
import { resolve } from 'node:path';
import type { GridNumberWidth } from './domain/areas/area-code.ts';
import { parseCalendar } from './domain/calendar/working-hours.ts';
import { ValidationError } from './domain/errors.ts';

/** The validated configuration the app runs with. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A `postgres://` URL, or null for the embedded SQLite file under `dataDir`. */
  databaseUrl: string | null;
  /** Seed the demo district into an empty database at start. */
  seedDemo: boolean;
  gridNumberWidth: GridNumberWidth;
  sessionTtlHours: number;
  /** Mark the session cookie `Secure` (serve behind HTTPS). */
  cookieSecure: boolean;
  /** Behind a reverse proxy: take client addresses from `X-Forwarded-For`. */
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Largest accepted upload (photo or document), in bytes. */
  uploadLimitBytes: number;
  /** The working-hours calendar of non-urgent deadlines (holidays are kept in the database). */
  calendar: { timeZone: string; workDays: string; hours: string };
  /** Run background jobs (the deadline sweeper) in this process. */
  jobs: boolean;
}

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One documented variable: the README's configuration table must list each (tests/api/docs.test.ts checks). */
export const CONFIG_VARIABLES = [
  ['PORT', '3000', 'TCP port to listen on (1–65535).'],
  ['HOST', '127.0.0.1', 'Interface to listen on; `0.0.0.0` to serve the network.'],
  ['CIVICGRID_DATA_DIR', './data', 'Folder for the SQLite file and uploads.'],
  ['DATABASE_URL', '(unset)', 'A `postgres://` URL switches storage to PostgreSQL.'],
  [
    'CIVICGRID_SEED_DEMO',
    'on for an empty embedded database',
    '`true`/`false`: seed the demo district into an empty database.',
  ],
  [
    'CIVICGRID_GRID_NUMBER_WIDTH',
    '2',
    'Digits of the grid number in area codes: 2 (`-04`) or 3 (`-004`).',
  ],
  ['CIVICGRID_SESSION_TTL_HOURS', '12', 'Hours a staff sign-in lasts (1–720).'],
  [
    'CIVICGRID_COOKIE_SECURE',
    'false',
    '`true` marks the session cookie Secure (when served over HTTPS).',
  ],
  [
    'CIVICGRID_TRUST_PROXY',
    'false',
    '`true` when behind a reverse proxy: client addresses come from `X-Forwarded-For`.',
  ],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent.'],
  ['CIVICGRID_BODY_LIMIT_KB', '1024', 'Largest accepted JSON body in KiB (1–65536).'],
  ['CIVICGRID_UPLOAD_LIMIT_MB', '10', 'Largest accepted photo or document in MiB (1–100).'],
  [
    'CIVICGRID_TIME_ZONE',
    'Asia/Shanghai',
    'IANA time zone of the working-hours calendar and of daily indicators.',
  ],
  [
    'CIVICGRID_WORK_DAYS',
    '1-5',
    'Working weekdays, 1 = Monday … 7 = Sunday (`1-5`, `1,2,3,4,5,6`).',
  ],
  [
    'CIVICGRID_WORK_HOURS',
    '09:00-18:00',
    'Working hours of each working day; holidays and make-up days are set by an admin.',
  ],
  [
    'CIVICGRID_JOBS',
    'true',
    '`false` runs no background jobs (the deadline sweeper) in this instance.',
  ],
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration. @throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}="${raw}" must be true or false.`);
    return fallback;
  };

  const port = integer('PORT', 3000, 1, 65535);
  const host = get('HOST') ?? '127.0.0.1';
  const dataDir = resolve(get('CIVICGRID_DATA_DIR') ?? './data');

  let databaseUrl: string | null = null;
  const rawUrl = get('DATABASE_URL');
  if (rawUrl !== undefined) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(rawUrl);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
      problems.push(
        'DATABASE_URL must be a postgres:// URL (unset it to use the embedded SQLite file).',
      );
    } else {
      databaseUrl = rawUrl;
    }
  }

  const seedDemo = flag('CIVICGRID_SEED_DEMO', databaseUrl === null);
  const width = integer('CIVICGRID_GRID_NUMBER_WIDTH', 2, 2, 3) as GridNumberWidth;
  const sessionTtlHours = integer('CIVICGRID_SESSION_TTL_HOURS', 12, 1, 720);
  const cookieSecure = flag('CIVICGRID_COOKIE_SECURE', false);
  const trustProxy = flag('CIVICGRID_TRUST_PROXY', false);
  const rawLevel = get('LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(rawLevel)
    ? (rawLevel as Config['logLevel'])
    : (problems.push(`LOG_LEVEL="${rawLevel}" must be one of ${LOG_LEVELS.join(', ')}.`), 'info');
  const bodyLimitBytes = integer('CIVICGRID_BODY_LIMIT_KB', 1024, 1, 65536) * 1024;
  const uploadLimitBytes = integer('CIVICGRID_UPLOAD_LIMIT_MB', 10, 1, 100) * 1024 * 1024;
  const calendar = {
    timeZone: get('CIVICGRID_TIME_ZONE') ?? 'Asia/Shanghai',
    workDays: get('CIVICGRID_WORK_DAYS') ?? '1-5',
    hours: get('CIVICGRID_WORK_HOURS') ?? '09:00-18:00',
  };
  try {
    parseCalendar(calendar);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const field of error.fields) {
      const variable = {
        '/timeZone': 'CIVICGRID_TIME_ZONE',
        '/workDays': 'CIVICGRID_WORK_DAYS',
        '/hours': 'CIVICGRID_WORK_HOURS',
      }[field.field];
      problems.push(`${variable ?? 'calendar'}: ${field.message}.`);
    }
  }
  const jobs = flag('CIVICGRID_JOBS', true);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    seedDemo,
    gridNumberWidth: width,
    sessionTtlHours,
    cookieSecure,
    trustProxy,
    logLevel,
    bodyLimitBytes,
    uploadLimitBytes,
    calendar,
    jobs,
  };
}
