import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { nearTile } from '../../domain/cases/duplicates.ts';
import { migrateToLatest } from '../database.ts';
import { createEmptyDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';
import { tileOf } from './2026-11-29T1200-near-tiles.ts';

describe.each(DIALECTS)('2026-11-29T1200-near-tiles on %s', (dialect) => {
  let test: TestDb | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  it('numbers stored points exactly as the app numbers new ones', async () => {
    test = await createEmptyDb(dialect);
    await migrateToLatest(test.db);
    const k = test.db.kysely;
    await sql`create table points (i integer, lat double precision, lon double precision)`.execute(
      k,
    );
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const points: [number, number][] = [
      [39.9, 116.4],
      [-33.868, 151.209],
      [0.002, -0.002],
      [22.5, 114.058],
    ];
    // Points on and beside tile edges, where a rounding difference would show.
    for (let i = 0; i < 200; i++) {
      const row = Math.floor(random() * 90_000);
      const col = Math.floor(random() * 180_000);
      points.push([row * 0.002 - 90 + (i % 3) * 1e-9, col * 0.002 - 180 - (i % 2) * 1e-9]);
      points.push([-80 + random() * 160, -179 + random() * 358]);
    }
    await sql`insert into points (i, lat, lon) values ${sql.join(
      points.map(([lat, lon], i) => sql`(${i}, ${lat}, ${lon})`),
    )}`.execute(k);
    const rows = await sql<{ i: number; t: string | number }>`select i, ${tileOf(
      dialect === 'postgres',
    )} as t from points order by i`.execute(k);
    expect(rows.rows.map((r) => Number(r.t))).toEqual(
      points.map(([lat, lon]) => nearTile(lat, lon)),
    );
  });
});
