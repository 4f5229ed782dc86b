import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civicgrid-database-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function synchronous(db: Db): Promise<number> {
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
  return Number(rows[0]?.synchronous);
}

describe('the SQLite file database', () => {
  it('commits groups without syncing on the main thread, and keeps every other transaction synchronous', async () => {
    const file = join(dir, 'civicgrid.sqlite');
    const db = openDatabase({ sqliteFile: file });
    await migrateToLatest(db);
    expect(await synchronous(db)).toBe(2); // FULL
    const seen: number[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        db.writeTransaction(async (trx) => {
          const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(trx);
          seen.push(Number(rows[0]?.synchronous));
          await trx.insertInto('settings').values({ key, value: key }).execute();
        }),
      ),
    );
    expect(seen).toEqual([1, 1, 1]); // NORMAL inside the group
    expect(await synchronous(db)).toBe(2);
    await db.durable();
    await db.close();

    const again = openDatabase({ sqliteFile: file });
    const keys = await again.kysely
      .selectFrom('settings')
      .select('key')
      .where('key', 'in', ['a', 'b', 'c'])
      .orderBy('key')
      .execute();
    expect(keys.map((k) => k.key)).toEqual(['a', 'b', 'c']);
    await again.close();
  });
});
