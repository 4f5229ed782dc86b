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
  /** Seconds between two runs of the deadline sweeper (across all instances, one at a time). */
  sweepIntervalSeconds: number;
  /** `smtp://` or `smtps://` URL of the mail server; null: no e-mail is queued at all. */
  smtpUrl: string | null;
  /** The From of every e-mail. */
  mailFrom: string;
  /** Where people reach the web app (base of tracking links), without a trailing slash. */
  publicUrl: string;
  /** Let webhooks target loopback and private addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  /** Base-map tile URL template (`{z}`, `{x}`, `{y}`), or null for cells on a plain background. */
  tileUrl: string | null;
  /** The Open311 `jurisdiction_id` this instance serves; null accepts (and ignores) any. */
  open311JurisdictionId: string | null;
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
    '`false` runs no background jobs (deadline sweeper, outbox sender, due-soon warnings) here.',
  ],
  [
    'CIVICGRID_SWEEP_INTERVAL_S',
    '30',
    'Seconds between runs of the deadline sweeper (1–3600); with several instances one sweeps at a time.',
  ],
  [
    'CIVICGRID_TILE_URL',
    '(unset)',
    'Base-map tiles for the web map, an http(s) URL template with `{z}`, `{x}` and `{y}`; unset draws the grid cells on a plain background.',
  ],
  [
    'CIVICGRID_OPEN311_JURISDICTION',
    '(unset)',
    'The Open311 `jurisdiction_id` served; any other is answered with 404. Unset: any is accepted and ignored.',
  ],
  [
    'CIVICGRID_SMTP_URL',
    '(unset)',
    'Mail server for e-mail notifications, `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. Unset: no e-mail is queued at all (webhooks still are).',
  ],
  ['CIVICGRID_MAIL_FROM', 'civicgrid <noreply@localhost>', 'Sender of every e-mail.'],
  [
    'CIVICGRID_PUBLIC_URL',
    'http://127.0.0.1:3000',
    'Address people use to reach civicgrid: the base of tracking, rating and case links in e-mails.',
  ],
  [
    'CIVICGRID_WEBHOOK_ALLOW_PRIVATE',
    'false',
    '`true` lets webhooks target loopback and private addresses (refused by default).',
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
  const sweepIntervalSeconds = integer('CIVICGRID_SWEEP_INTERVAL_S', 30, 1, 3600);
  const open311JurisdictionId = get('CIVICGRID_OPEN311_JURISDICTION') ?? null;
  if (open311JurisdictionId !== null && !/^[^\s\p{Cc}]{1,100}$/u.test(open311JurisdictionId)) {
    problems.push(
      `CIVICGRID_OPEN311_JURISDICTION="${open311JurisdictionId}" must be 1 to 100 characters without spaces (e.g. mingchuan.example.org).`,
    );
  }
  const tileUrl = get('CIVICGRID_TILE_URL') ?? null;
  if (tileUrl !== null && !isTileUrlTemplate(tileUrl)) {
    problems.push(
      `CIVICGRID_TILE_URL="${tileUrl}" must be an http(s) URL template containing {z}, {x} and {y}.`,
    );
  }

  const smtpUrl = get('CIVICGRID_SMTP_URL') ?? null;
  if (smtpUrl !== null && !hasProtocol(smtpUrl, ['smtp:', 'smtps:'])) {
    // The value is not echoed: it may hold the mail server's password.
    problems.push(
      'CIVICGRID_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587 (unset it to send no e-mail).',
    );
  }
  const mailFrom = get('CIVICGRID_MAIL_FROM') ?? 'civicgrid <noreply@localhost>';
  if (!/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    problems.push(
      `CIVICGRID_MAIL_FROM="${mailFrom}" must be an e-mail address, optionally with a name: civicgrid <noreply@example.org>.`,
    );
  }
  const rawPublicUrl = get('CIVICGRID_PUBLIC_URL') ?? 'http://127.0.0.1:3000';
  const publicUrl = rawPublicUrl.replace(/\/+$/, '');
  if (!hasProtocol(publicUrl, ['http:', 'https:']) || /[?#]/.test(publicUrl)) {
    problems.push(
      `CIVICGRID_PUBLIC_URL="${rawPublicUrl}" must be an http(s) URL without query or fragment, such as https://civicgrid.example.org.`,
    );
  }
  const webhookAllowPrivate = flag('CIVICGRID_WEBHOOK_ALLOW_PRIVATE', false);

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
    sweepIntervalSeconds,
    smtpUrl,
    mailFrom,
    publicUrl,
    webhookAllowPrivate,
    tileUrl,
    open311JurisdictionId,
  };
}

/** True for an http(s) URL template naming the tile's `{z}`, `{x}` and `{y}` (Leaflet's syntax). */
function isTileUrlTemplate(template: string): boolean {
  if (!['{z}', '{x}', '{y}'].every((part) => template.includes(part))) return false;
  try {
    const url = new URL(template.replace(/\{-?[a-z]+\}/gi, '0'));
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** True when `value` parses as a URL with one of `protocols`. */
function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
