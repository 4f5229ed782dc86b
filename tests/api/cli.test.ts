import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAreaFile } from '../factories/areas.ts';
import { civicgrid, newDataDir, run } from '../support/cli.ts';

describe('the civicgrid command', () => {
  it('migrates, imports an area file, exports it back, and creates a user', async () => {
    const dir = newDataDir();
    const migrated = await civicgrid(dir, 'migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/up 2026-11-29T0500-foundation/);
    expect((await civicgrid(dir, 'migrate')).stdout).toMatch(/already up to date/);

    const file = join(dir, 'areas.geojson');
    writeFileSync(file, JSON.stringify(buildAreaFile()));
    const imported = await civicgrid(dir, 'import-areas', file);
    expect(imported.stdout).toMatch(/8 areas created, 0 updated/);

    const out = join(dir, 'export.geojson');
    expect((await civicgrid(dir, 'export-areas', '--out', out)).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(
      exported.features.map((f: { properties: { code: string } }) => f.properties.code).sort(),
    ).toEqual(
      buildAreaFile()
        .features.map((f) => f.properties.code)
        .sort(),
    );
    const reimported = await civicgrid(dir, 'import-areas', out);
    expect(reimported.stdout).toMatch(/0 areas created, 8 updated/);

    const created = await civicgrid(
      dir,
      'create-user',
      '--login',
      'ops',
      '--password',
      'a-long-password',
      '--grant',
      'dispatcher:990102-001-001',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created ops/);
    const badGrant = await civicgrid(
      dir,
      'create-user',
      '--login',
      'x2',
      '--password',
      'a-long-password',
      '--grant',
      'wizard:990102',
    );
    expect(badGrant.code).toBe(1);
    expect(badGrant.stderr).toMatch(/unknown role "wizard"/);
  }, 60_000);

  it('rejects a whole file for one bad feature, naming it, and writes nothing', async () => {
    const dir = newDataDir();
    const broken = buildAreaFile();
    const cell = broken.features[5];
    if (!cell) throw new Error('fixture changed');
    cell.properties.parentCode = '990102-009-009';
    const file = join(dir, 'broken.geojson');
    writeFileSync(file, JSON.stringify(broken));
    const result = await civicgrid(dir, 'import-areas', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/feature 5 \(990102-001-001-02\)/);
    expect(result.stderr).toMatch(/parent "990102-009-009" is neither in this file nor stored/);
    expect(result.stderr).toMatch(/Nothing was imported/);
    const exported = await civicgrid(dir, 'export-areas');
    expect(JSON.parse(exported.stdout).features).toEqual([]);

    writeFileSync(file, '{ not json');
    const unreadable = await civicgrid(dir, 'import-areas', file);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/Cannot read .* as JSON/);
  }, 60_000);

  it('imports cases from CSV with progress on stderr, skips them the second time, and refuses a bad file whole', async () => {
    const dir = newDataDir();
    expect((await civicgrid(dir, 'seed-demo')).code).toBe(0);
    const example = 'docs/examples/import-cases.csv';
    const dry = await civicgrid(dir, 'import-cases', example, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/4 rows, all valid; 4 would be imported\. Nothing was written/);
    const first = await civicgrid(dir, 'import-cases', example);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/4 cases created from 4 rows/);
    expect(first.stderr).toMatch(/importing \[#+\] 4 \/ 4 rows .* rows\/s +ETA 0:00/);
    const second = await civicgrid(dir, 'import-cases', example);
    expect(second.stdout).toMatch(/0 cases created from 4 rows; 4 already imported, skipped/);
    expect((await civicgrid(dir, 'verify-audit')).stdout).toMatch(
      /Audit chain verified: 4 entries/,
    );

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'external_id,category,description,lat,lon,reported_at\nz-1,C0104,Lamp out,39.97,116.31,yesterday\n',
    );
    const refused = await civicgrid(dir, 'import-cases', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 of 1 rows of bad\.csv have problems; nothing was imported/);
    expect(refused.stderr).toMatch(/line 2: reported_at: "yesterday" is not a date and time/);
    const missing = await civicgrid(dir, 'import-cases', join(dir, 'none.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read .*none\.csv/);
  }, 90_000);

  it('reports configuration problems clearly', async () => {
    const result = await run('node', ['bin/civicgrid.js', 'migrate'], {
      env: { ...process.env, PORT: 'abc', CIVICGRID_GRID_NUMBER_WIDTH: '4' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in result && result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT="abc"/);
    expect(result.stderr).toMatch(/CIVICGRID_GRID_NUMBER_WIDTH="4"/);
  }, 30_000);
});
