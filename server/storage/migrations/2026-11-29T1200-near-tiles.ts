/**
 * The duplicate check by map tile. It looked for a category's open cases in a small box
 * through an index on (category, lat, lon): a range on latitude, so it read a band of
 * cases across the whole city, more with every case stored. Each case now carries the
 * number of its 0.002° tile (`tile row × 1,000,000 + tile column`), and an index on
 * (category, tile, created_at, lat, lon) lets the check read the recent cases of the few
 * tiles its box touches, and fetch only the rows inside the box itself. Frozen in time: never imports app code (the tile formula is the one of
 * `nearTile` in `server/domain/cases/duplicates.ts`).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The tile number of the row's `lat` and `lon`, in SQL. Both sides are positive, so
 * SQLite's truncating cast is a floor, as in JavaScript.
 */
export function tileOf(pg: boolean) {
  return pg
    ? sql`floor((lat + 90) / 0.002)::bigint * 1000000 + floor((lon + 180) / 0.002)::bigint`
    : sql`cast((lat + 90) / 0.002 as integer) * 1000000 + cast((lon + 180) / 0.002 as integer)`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('cases').addColumn('near_tile', 'bigint').execute();
  await sql`update cases set near_tile = ${tileOf(pg)}`.execute(db);
  await db.schema
    .createIndex('cases_near_tile_idx')
    .on('cases')
    .columns(['category_id', 'near_tile', 'created_at', 'lat', 'lon'])
    .execute();
  await db.schema.dropIndex('cases_near_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('cases_near_idx')
    .on('cases')
    .columns(['category_id', 'lat', 'lon'])
    .execute();
  await db.schema.dropIndex('cases_near_tile_idx').execute();
  await db.schema.alterTable('cases').dropColumn('near_tile').execute();
}
