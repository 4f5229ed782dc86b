/**
 * `civicgrid backup <folder>` as an operator runs it, in its own process: on SQLite while
 * the server holds a write open (the copy is a consistent snapshot without it, and the
 * server is not blocked), with the attachments the database names and a verified audit
 * chain; on PostgreSQL through pg_dump, restorable into an empty database. A folder in use
 * is refused with nothing written; a missing attachment fails the check.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { buildApp } from '../../server/http/app.ts';
import { openRuntime } from '../../server/runtime.ts';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createServices } from '../../server/services/container.ts';
import { multipartFile, TINY_PDF } from '../support/access-matrix.ts';
import { newDataDir } from '../support/cli.ts';
import { testServiceConfig } from '../support/config.ts';
import { createEmptyDb, createTestDb } from '../support/databases.ts';

const run = promisify(execFile);

/** Runs `civicgrid backup` with `env` (data folder, database): exit code and output. */
async function backup(env: NodeJS.ProcessEnv, folder: string) {
  try {
    const { stdout, stderr } = await run('node', ['bin/civicgrid.js', 'backup', folder], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The demo city on SQLite in a data folder, served in-process, with two reports, one with a file. */
async function sqliteInstallation() {
  const dataDir = newDataDir();
  const env = { CIVICGRID_DATA_DIR: dataDir, DATABASE_URL: '' };
  const config = loadConfig({ ...process.env, ...env, PORT: '1' });
  const runtime = await openRuntime(config);
  await runtime.services.seedDemo();
  const app = await buildApp({ config, services: runtime.services, logger: false });
  await app.ready();
  const upload = await app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    ...(await multipartFile(TINY_PDF, 'notice.pdf')),
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const attachment = upload.json() as { id: string; sha256?: string };
  const caseIds: string[] = [];
  for (const [k, attachments] of [[attachment.id], []].entries()) {
    const point = DEMO_POINTS[k] as (typeof DEMO_POINTS)[number];
    const reported = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category: 'E0101',
        description: `Rubbish by the gate, report ${k}`,
        lat: point.lat,
        lon: point.lon,
        attachments,
      },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    caseIds.push((reported.json() as { id: string }).id);
  }
  return {
    dataDir,
    env,
    runtime,
    caseIds,
    close: async () => {
      await app.close();
      await runtime.db.close();
    },
  };
}

function blobFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((prefix) =>
    readdirSync(join(root, prefix)).filter((name) => !name.startsWith('.')),
  );
}

describe('civicgrid backup on sqlite', () => {
  it('copies a consistent snapshot while a write is open, with the attachments, and checks it', async () => {
    const site = await sqliteInstallation();
    const folder = join(newDataDir(), 'backup-1');
    try {
      // The server is in the middle of a write that is not committed yet.
      const result = await site.runtime.db.kysely.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        await sql`update cases set title = 'not committed' where id = ${site.caseIds[1]}`.execute(
          conn,
        );
        const r = await backup(site.env, folder);
        // The writer was not blocked meanwhile: its transaction goes on and commits.
        await sql`update cases set title = 'committed after' where id = ${site.caseIds[0]}`.execute(
          conn,
        );
        await sql`commit`.execute(conn);
        return r;
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/consistent snapshot/);
      expect(result.stdout).toMatch(/Audit chain verified: \d+ entries\./);
      expect(result.stdout).toMatch(/civicgrid\.sqlite \([\d,]+ bytes, 2 cases\), 1 attachments/);

      const manifest = JSON.parse(readFileSync(join(folder, 'backup.json'), 'utf8'));
      expect(manifest).toMatchObject({
        database: 'sqlite',
        file: 'civicgrid.sqlite',
        cases: 2,
        attachments: { files: 1, bytes: TINY_PDF.length },
      });
      expect(manifest.auditEntries).toBeGreaterThanOrEqual(2);

      const copy = new Database(join(folder, 'civicgrid.sqlite'), { readonly: true });
      try {
        const titles = copy.prepare('select title from cases order by id').pluck().all();
        expect(titles).toEqual(['Rubbish by the gate, report 0', 'Rubbish by the gate, report 1']);
      } finally {
        copy.close();
      }
      const [blob] = blobFiles(join(folder, 'attachments'));
      expect(blob).toBeDefined();
      expect(
        readFileSync(join(folder, 'attachments', (blob as string).slice(0, 2), blob as string)),
      ).toEqual(TINY_PDF);

      // The copy serves as a data folder: the same cases, the same audit chain.
      const restored = await openRuntime(
        loadConfig({ ...process.env, CIVICGRID_DATA_DIR: folder, DATABASE_URL: '', PORT: '1' }),
      );
      try {
        expect(await restored.services.stores.cases.count()).toBe(2);
        expect((await restored.services.verifyAudit()).ok).toBe(true);
      } finally {
        await restored.db.close();
      }
    } finally {
      await site.close();
    }
  }, 60_000);

  it('refuses a folder in use and writes nothing; fails the check when an attachment is missing', async () => {
    const site = await sqliteInstallation();
    try {
      const used = newDataDir();
      writeFileSync(join(used, 'keep.txt'), 'an older backup');
      const refused = await backup(site.env, used);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is not empty: name a new or empty folder/);
      expect(readdirSync(used)).toEqual(['keep.txt']);

      const inside = await backup(site.env, join(site.dataDir, 'attachments', 'x'));
      expect(inside.code).toBe(1);
      expect(inside.stderr).toMatch(/outside the data folder's own files/);

      // A file the database names is gone from the data folder.
      rmSync(join(site.dataDir, 'attachments'), { recursive: true, force: true });
      const folder = join(newDataDir(), 'backup-2');
      const result = await backup(site.env, folder);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/1 attachment file\(s\) named by the database are missing/);
      expect(result.stdout).toMatch(/Some checks of the backup failed/);
    } finally {
      await site.close();
    }
  }, 60_000);

  it('says so when there is no database to back up', async () => {
    const empty = newDataDir();
    const result = await backup({ CIVICGRID_DATA_DIR: empty, DATABASE_URL: '' }, join(empty, 'b'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /There is no database at .*civicgrid\.sqlite: nothing to back up/,
    );
  });
});

describe('civicgrid backup on postgres', () => {
  it('dumps the database with pg_dump, restorable into an empty database', async () => {
    const source = await createTestDb('postgres');
    const target = await createEmptyDb('postgres');
    try {
      const services = createServices(source.db, testServiceConfig());
      await services.seedDemo();
      const users = await services.stores.users.count();
      const dataDir = newDataDir();
      const folder = join(dataDir, 'backup');
      const result = await backup(
        { CIVICGRID_DATA_DIR: dataDir, DATABASE_URL: source.url as string },
        folder,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/civicgrid\.pgdump \([\d,]+ bytes\), 0 attachments/);
      expect(JSON.parse(readFileSync(join(folder, 'backup.json'), 'utf8'))).toMatchObject({
        database: 'postgres',
        file: 'civicgrid.pgdump',
      });

      await run('pg_restore', [
        '--no-owner',
        `--dbname=${target.url as string}`,
        join(folder, 'civicgrid.pgdump'),
      ]);
      const restored = await sql<{
        n: number;
      }>`select count(*)::int as n from users`.execute(target.db.kysely);
      expect(restored.rows[0]?.n).toBe(users);
    } finally {
      await target.drop();
      await source.drop();
    }
  }, 60_000);
});
