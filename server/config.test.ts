import { resolve } from 'node:path';
import { describe, it, expect } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.ts';

/** Runs loadConfig, expecting it to fail; returns the ConfigError. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return caught as ConfigError;
}

describe('loadConfig: defaults', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: null,
      seedDemo: true,
      gridNumberWidth: 2,
      sessionTtlHours: 12,
      cookieSecure: false,
      trustProxy: false,
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
      uploadLimitBytes: 10 * 1024 * 1024,
      calendar: { timeZone: 'Asia/Shanghai', workDays: '1-5', hours: '09:00-18:00' },
      jobs: true,
      sweepIntervalSeconds: 30,
      tileUrl: null,
      open311JurisdictionId: null,
      smtpUrl: null,
      mailFrom: 'civicgrid <noreply@localhost>',
      publicUrl: 'http://127.0.0.1:3000',
      webhookAllowPrivate: false,
    });
  });

  it('treats empty and blank values as unset', () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [name] of CONFIG_VARIABLES) env[name] = '   ';
    expect(loadConfig(env)).toEqual(loadConfig({}));
    for (const [name] of CONFIG_VARIABLES) env[name] = '';
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('ignores unrelated variables', () => {
    expect(loadConfig({ HOME: '/root', NODE_ENV: 'test', PORT_X: 'nope' })).toEqual(loadConfig({}));
  });

  it('documents every variable it reads, each with a default and a description', () => {
    expect(CONFIG_VARIABLES.map(([name]) => name)).toEqual([
      'PORT',
      'HOST',
      'CIVICGRID_DATA_DIR',
      'DATABASE_URL',
      'CIVICGRID_SEED_DEMO',
      'CIVICGRID_GRID_NUMBER_WIDTH',
      'CIVICGRID_SESSION_TTL_HOURS',
      'CIVICGRID_COOKIE_SECURE',
      'CIVICGRID_TRUST_PROXY',
      'LOG_LEVEL',
      'CIVICGRID_BODY_LIMIT_KB',
      'CIVICGRID_UPLOAD_LIMIT_MB',
      'CIVICGRID_TIME_ZONE',
      'CIVICGRID_WORK_DAYS',
      'CIVICGRID_WORK_HOURS',
      'CIVICGRID_JOBS',
      'CIVICGRID_SWEEP_INTERVAL_S',
      'CIVICGRID_TILE_URL',
      'CIVICGRID_OPEN311_JURISDICTION',
      'CIVICGRID_SMTP_URL',
      'CIVICGRID_MAIL_FROM',
      'CIVICGRID_PUBLIC_URL',
      'CIVICGRID_WEBHOOK_ALLOW_PRIVATE',
    ]);
    for (const [, fallback, description] of CONFIG_VARIABLES) {
      expect(fallback.length).toBeGreaterThan(0);
      expect(description.length).toBeGreaterThan(0);
    }
  });
});

describe('loadConfig: every variable parsed', () => {
  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        CIVICGRID_DATA_DIR: '/var/lib/civicgrid',
        DATABASE_URL: 'postgres://cg:secret@db.example:5432/civicgrid',
        CIVICGRID_SEED_DEMO: 'true',
        CIVICGRID_GRID_NUMBER_WIDTH: '3',
        CIVICGRID_SESSION_TTL_HOURS: '720',
        CIVICGRID_COOKIE_SECURE: 'true',
        CIVICGRID_TRUST_PROXY: 'yes',
        LOG_LEVEL: 'debug',
        CIVICGRID_BODY_LIMIT_KB: '2048',
        CIVICGRID_UPLOAD_LIMIT_MB: '20',
        CIVICGRID_TIME_ZONE: 'Europe/Berlin',
        CIVICGRID_WORK_DAYS: '1-6',
        CIVICGRID_WORK_HOURS: '08:30-17:00',
        CIVICGRID_JOBS: 'false',
        CIVICGRID_SWEEP_INTERVAL_S: '5',
        CIVICGRID_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
        CIVICGRID_OPEN311_JURISDICTION: 'mingchuan.example.org',
        CIVICGRID_SMTP_URL: 'smtp://mailer:s3cret@mail.example.org:587',
        CIVICGRID_MAIL_FROM: '网格服务 <noreply@civicgrid.example.org>',
        CIVICGRID_PUBLIC_URL: 'https://civicgrid.example.org/',
        CIVICGRID_WEBHOOK_ALLOW_PRIVATE: 'true',
      }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/civicgrid',
      databaseUrl: 'postgres://cg:secret@db.example:5432/civicgrid',
      seedDemo: true,
      gridNumberWidth: 3,
      sessionTtlHours: 720,
      cookieSecure: true,
      trustProxy: true,
      logLevel: 'debug',
      bodyLimitBytes: 2048 * 1024,
      uploadLimitBytes: 20 * 1024 * 1024,
      calendar: { timeZone: 'Europe/Berlin', workDays: '1-6', hours: '08:30-17:00' },
      jobs: false,
      sweepIntervalSeconds: 5,
      tileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
      open311JurisdictionId: 'mingchuan.example.org',
      smtpUrl: 'smtp://mailer:s3cret@mail.example.org:587',
      mailFrom: '网格服务 <noreply@civicgrid.example.org>',
      publicUrl: 'https://civicgrid.example.org',
      webhookAllowPrivate: true,
    });
  });

  it('reports a bad calendar by its variables', () => {
    const problems = configError({
      CIVICGRID_TIME_ZONE: 'Mars/Base',
      CIVICGRID_WORK_HOURS: '18:00-09:00',
    }).problems;
    expect(problems.some((p) => p.startsWith('CIVICGRID_TIME_ZONE:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('CIVICGRID_WORK_HOURS:'))).toBe(true);
  });

  it('trims surrounding whitespace', () => {
    const config = loadConfig({ PORT: ' 4000 ', HOST: ' ::1 ', LOG_LEVEL: ' warn ' });
    expect(config).toMatchObject({ port: 4000, host: '::1', logLevel: 'warn' });
  });

  it('resolves a relative data dir against the working directory', () => {
    expect(loadConfig({ CIVICGRID_DATA_DIR: 'var/cg' }).dataDir).toBe(resolve('var/cg'));
  });

  it('accepts the bounds of every number', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ CIVICGRID_GRID_NUMBER_WIDTH: '2' }).gridNumberWidth).toBe(2);
    expect(loadConfig({ CIVICGRID_SESSION_TTL_HOURS: '1' }).sessionTtlHours).toBe(1);
    expect(loadConfig({ CIVICGRID_BODY_LIMIT_KB: '1' }).bodyLimitBytes).toBe(1024);
    expect(loadConfig({ CIVICGRID_BODY_LIMIT_KB: '65536' }).bodyLimitBytes).toBe(65536 * 1024);
  });

  it.each(['1', 'true', 'TRUE', 'yes', 'Yes', 'on', 'ON'])('reads %s as true', (value) => {
    expect(loadConfig({ CIVICGRID_COOKIE_SECURE: value }).cookieSecure).toBe(true);
    expect(loadConfig({ CIVICGRID_SEED_DEMO: value }).seedDemo).toBe(true);
    expect(loadConfig({ CIVICGRID_TRUST_PROXY: value }).trustProxy).toBe(true);
  });

  it.each(['0', 'false', 'False', 'no', 'NO', 'off', 'Off'])('reads %s as false', (value) => {
    expect(loadConfig({ CIVICGRID_COOKIE_SECURE: value }).cookieSecure).toBe(false);
    expect(loadConfig({ CIVICGRID_SEED_DEMO: value }).seedDemo).toBe(false);
    expect(loadConfig({ CIVICGRID_TRUST_PROXY: value }).trustProxy).toBe(false);
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])(
    'accepts log level %s',
    (level) => {
      expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    },
  );
});

describe('loadConfig: database and demo seeding', () => {
  it.each([
    'postgres://localhost/civicgrid',
    'postgresql://cg@localhost:5433/civicgrid?sslmode=require',
  ])('accepts the PostgreSQL URL %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it.each([
    'mysql://localhost/civicgrid',
    'sqlite:///data/civicgrid.db',
    'http://localhost:5432/civicgrid',
    'localhost:5432',
    'not a url',
    '/var/run/postgresql',
  ])('rejects the non-PostgreSQL URL %s', (url) => {
    const error = configError({ DATABASE_URL: url });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain('DATABASE_URL');
    expect(error.problems[0]).toContain('postgres://');
  });

  it('seeds the demo by default for the embedded SQLite file', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
  });

  it('does not seed the demo by default with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/cg' }).seedDemo).toBe(false);
  });

  it('lets CIVICGRID_SEED_DEMO override either default', () => {
    expect(
      loadConfig({ DATABASE_URL: 'postgres://localhost/cg', CIVICGRID_SEED_DEMO: 'true' }).seedDemo,
    ).toBe(true);
    expect(loadConfig({ CIVICGRID_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });
});

describe('loadConfig: map tiles', () => {
  it.each([
    'https://tile.example.org/{z}/{x}/{y}.png',
    'http://127.0.0.1:8080/tiles/{z}/{y}/{x}.webp?key=abc',
    'https://{s}.tiles.example.cn/{z}/{x}/{y}{r}.png',
  ])('accepts the tile URL template %s', (template) => {
    expect(loadConfig({ CIVICGRID_TILE_URL: template }).tileUrl).toBe(template);
  });

  it.each([
    'https://tile.example.org/{z}/{x}.png',
    'ftp://tile.example.org/{z}/{x}/{y}.png',
    '/tiles/{z}/{x}/{y}.png',
    'not a url {z} {x} {y}',
  ])('rejects the tile URL template %s', (template) => {
    expect(configError({ CIVICGRID_TILE_URL: template }).problems).toEqual([
      `CIVICGRID_TILE_URL="${template}" must be an http(s) URL template containing {z}, {x} and {y}.`,
    ]);
  });
});

describe('loadConfig: Open311 jurisdiction', () => {
  it('rejects a jurisdiction_id with spaces inside', () => {
    expect(configError({ CIVICGRID_OPEN311_JURISDICTION: 'ming chuan' }).problems).toEqual([
      'CIVICGRID_OPEN311_JURISDICTION="ming chuan" must be 1 to 100 characters without spaces (e.g. mingchuan.example.org).',
    ]);
  });
});

describe('loadConfig: e-mail and webhooks', () => {
  it.each(['smtp://127.0.0.1:2525', 'smtps://user:pa%40ss@mail.example.org:465'])(
    'accepts the SMTP URL %s',
    (url) => {
      expect(loadConfig({ CIVICGRID_SMTP_URL: url }).smtpUrl).toBe(url);
    },
  );

  it('rejects a non-SMTP URL without echoing it (it may hold a password)', () => {
    const problems = configError({
      CIVICGRID_SMTP_URL: 'http://user:hunter2@mail.example.org',
    }).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^CIVICGRID_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(problems.join()).not.toContain('hunter2');
  });

  it.each(['noreply@example.org', 'civicgrid <noreply@example.org>'])(
    'accepts the sender %s',
    (from) => {
      expect(loadConfig({ CIVICGRID_MAIL_FROM: from }).mailFrom).toBe(from);
    },
  );

  it.each(['noreply', 'a b@example.org', 'name <not an address>'])(
    'rejects the sender %s',
    (from) => {
      expect(configError({ CIVICGRID_MAIL_FROM: from }).problems[0]).toMatch(
        /^CIVICGRID_MAIL_FROM=/,
      );
    },
  );

  it.each(['ftp://example.org', 'example.org', 'https://example.org/?a=1'])(
    'rejects the public URL %s',
    (url) => {
      expect(configError({ CIVICGRID_PUBLIC_URL: url }).problems[0]).toMatch(
        /^CIVICGRID_PUBLIC_URL=/,
      );
    },
  );

  it('keeps a public URL with a path, without its trailing slash', () => {
    expect(
      loadConfig({ CIVICGRID_PUBLIC_URL: 'https://gov.example.cn/civicgrid/' }).publicUrl,
    ).toBe('https://gov.example.cn/civicgrid');
  });
});

describe('loadConfig: bad values', () => {
  it.each([
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '1e3'],
    ['PORT', '0x50'],
    ['PORT', 'http'],
    ['CIVICGRID_GRID_NUMBER_WIDTH', '1'],
    ['CIVICGRID_GRID_NUMBER_WIDTH', '4'],
    ['CIVICGRID_SESSION_TTL_HOURS', '0'],
    ['CIVICGRID_SESSION_TTL_HOURS', '721'],
    ['CIVICGRID_BODY_LIMIT_KB', '0'],
    ['CIVICGRID_BODY_LIMIT_KB', '65537'],
    ['CIVICGRID_SWEEP_INTERVAL_S', '0'],
    ['CIVICGRID_SWEEP_INTERVAL_S', '3601'],
    ['CIVICGRID_SEED_DEMO', 'maybe'],
    ['CIVICGRID_COOKIE_SECURE', 'y'],
    ['CIVICGRID_COOKIE_SECURE', '2'],
    ['CIVICGRID_TRUST_PROXY', 'proxy'],
    ['LOG_LEVEL', 'verbose'],
  ])('rejects %s=%s naming the variable and the value', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`${name}="${value}"`);
    expect(error.message).toContain(`${name}="${value}"`);
  });

  it('states the accepted range of a number', () => {
    expect(configError({ PORT: '0' }).problems).toEqual([
      'PORT="0" must be a whole number from 1 to 65535.',
    ]);
    expect(configError({ CIVICGRID_GRID_NUMBER_WIDTH: '4' }).problems).toEqual([
      'CIVICGRID_GRID_NUMBER_WIDTH="4" must be a whole number from 2 to 3.',
    ]);
  });

  it('lists the accepted log levels', () => {
    expect(configError({ LOG_LEVEL: 'loud' }).problems).toEqual([
      'LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent.',
    ]);
  });

  it('reports several bad values together in one ConfigError', () => {
    const error = configError({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/db',
      CIVICGRID_SEED_DEMO: 'perhaps',
      CIVICGRID_GRID_NUMBER_WIDTH: '5',
      CIVICGRID_SESSION_TTL_HOURS: '1000',
      CIVICGRID_COOKIE_SECURE: 'sometimes',
      CIVICGRID_TRUST_PROXY: 'nginx',
      LOG_LEVEL: 'chatty',
      CIVICGRID_BODY_LIMIT_KB: '-5',
    });
    expect(error.problems).toHaveLength(9);
    const names = [
      'PORT',
      'DATABASE_URL',
      'CIVICGRID_SEED_DEMO',
      'CIVICGRID_GRID_NUMBER_WIDTH',
      'CIVICGRID_SESSION_TTL_HOURS',
      'CIVICGRID_COOKIE_SECURE',
      'CIVICGRID_TRUST_PROXY',
      'LOG_LEVEL',
      'CIVICGRID_BODY_LIMIT_KB',
    ];
    names.forEach((name, i) => {
      expect(error.problems[i]?.startsWith(name)).toBe(true);
      expect(error.message).toContain(`  - ${error.problems[i]}`);
    });
    expect(error.message.startsWith('Invalid configuration:\n')).toBe(true);
  });

  it('reports the bad values while ignoring the good ones', () => {
    const error = configError({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'x', PORT_X: 'y' });
    expect(error.problems).toEqual([
      'LOG_LEVEL="x" must be one of fatal, error, warn, info, debug, trace, silent.',
    ]);
  });
});
