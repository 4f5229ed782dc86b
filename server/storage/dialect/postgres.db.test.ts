/**
 * The PostgreSQL dialect runs Kysely's parameterized statements as named prepared
 * statements, parsed once per connection: the answers stay the same, and statements
 * without parameters (transaction control, DDL) run as before.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyDb, type TestDb } from '../../../tests/support/databases.ts';

describe('postgres dialect', () => {
  let test: TestDb;
  beforeEach(async () => {
    test = await createEmptyDb('postgres');
    await sql`create table t (id integer primary key, label text not null)`.execute(test.db.kysely);
  });
  afterEach(async () => {
    await test.drop();
  });

  it('prepares a parameterized statement once per connection and reuses it', async () => {
    const k = test.db.kysely;
    const prepared = await k.connection().execute(async (conn) => {
      for (let i = 1; i <= 3; i++)
        await sql`insert into t (id, label) values (${i}, ${`row ${i}`})`.execute(conn);
      const rows = await sql<{
        label: string;
      }>`select label from t where id >= ${2} order by id`.execute(conn);
      expect(rows.rows.map((r) => r.label)).toEqual(['row 2', 'row 3']);
      return (
        await sql<{
          statement: string;
        }>`select statement from pg_prepared_statements order by statement`.execute(conn)
      ).rows.map((r) => r.statement);
    });
    // The insert ran three times under one name; the listing itself has no parameters.
    expect(prepared).toEqual([
      'insert into t (id, label) values ($1, $2)',
      'select label from t where id >= $1 order by id',
    ]);
  });

  it('keeps a failed statement to its own transaction, and the name usable afterwards', async () => {
    const k = test.db.kysely;
    const insert = (id: number) => sql`insert into t (id, label) values (${id}, ${'x'})`;
    await insert(1).execute(k);
    await expect(
      k.transaction().execute(async (trx) => {
        await insert(1).execute(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await insert(2).execute(k);
    const count = await sql<{ n: number }>`select count(*)::int as n from t`.execute(k);
    expect(count.rows[0]?.n).toBe(2);
  });

  it('leaves multi-row statements of many parameters unnamed', async () => {
    const k = test.db.kysely;
    await k.connection().execute(async (conn) => {
      const rows = Array.from({ length: 60 }, (_, i) => sql`(${i + 1}, ${`row ${i + 1}`})`);
      await sql`insert into t (id, label) values ${sql.join(rows)}`.execute(conn);
      const names = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_prepared_statements`.execute(conn);
      expect(names.rows[0]?.n).toBe(0);
      const count = await sql<{ n: number }>`select count(*)::int as n from t`.execute(conn);
      expect(count.rows[0]?.n).toBe(60);
    });
  });

  it('leaves statements that select every column unnamed, so an added column breaks nothing', async () => {
    const k = test.db.kysely;
    await k.connection().execute(async (conn) => {
      const all = () => sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(conn);
      const one = () =>
        sql<{ n: number }>`select count(*)::int as n from t where id > ${0}`.execute(conn);
      await sql`insert into t (id, label) values (${1}, ${'a'})`.execute(conn);
      expect((await all()).rows).toEqual([{ id: 1, label: 'a' }]);
      await one();
      // What a newer instance's migration does meanwhile.
      await sql`alter table t add column note text`.execute(conn);
      expect((await all()).rows).toEqual([{ id: 1, label: 'a', note: null }]);
      expect((await one()).rows).toEqual([{ n: 1 }]);
      const names = await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements order by statement`.execute(conn);
      expect(names.rows.map((r) => r.statement)).toEqual([
        'insert into t (id, label) values ($1, $2)',
        'select count(*)::int as n from t where id > $1',
      ]);
    });
  });
});
