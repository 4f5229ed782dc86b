/**
 * Group commit on PostgreSQL, where two servers each write their own groups: a failing
 * change stays alone in its failure, and a deadlock between two servers' groups is run
 * again instead of failing the changes that lost it.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyDb, type TestDb } from '../../tests/support/databases.ts';
import { openDatabase } from './database.ts';
import { createGroupCommit } from './group-commit.ts';

interface Tables {
  tally: { id: string; n: number };
}

describe('group commit on postgres', () => {
  let test: TestDb;
  let second: ReturnType<typeof openDatabase>;
  let a: Kysely<Tables>;
  let b: Kysely<Tables>;

  beforeEach(async () => {
    test = await createEmptyDb('postgres');
    second = openDatabase({ databaseUrl: test.url as string });
    a = test.db.kysely as unknown as Kysely<Tables>;
    b = second.kysely as unknown as Kysely<Tables>;
    await sql`create table tally (id text primary key, n integer not null)`.execute(a);
    await sql`insert into tally values ('x', 0), ('y', 0)`.execute(a);
  });
  afterEach(async () => {
    await second.close();
    await test.drop();
  });

  const bump = (id: string) => (trx: Kysely<Tables>) =>
    trx
      .updateTable('tally')
      .set((eb) => ({ n: eb('n', '+', 1) }))
      .where('id', '=', id)
      .execute();

  it.each([
    ['each change in its savepoint', Infinity],
    ['without savepoints first', 0],
  ])(
    'shares a transaction between concurrent changes and fails only the one that throws (%s)',
    async (_, optimisticAfter) => {
      const { writeTransaction, stats } = createGroupCommit(a, { optimisticAfter });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, k) =>
          writeTransaction(async (trx) => {
            await bump('x')(trx);
            if (k === 4) throw new Error('refused');
            return k;
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
      const row = await a.selectFrom('tally').select('n').where('id', '=', 'x').executeTakeFirst();
      expect(row?.n).toBe(9);
      expect(stats.groups).toBeLessThan(10);
    },
  );

  it('writes up to `concurrency` groups at once: a slow group does not hold up the next', async () => {
    const { writeTransaction, stats } = createGroupCommit(a, { concurrency: 2 });
    const done: string[] = [];
    const slow = writeTransaction(async (trx) => {
      await sql`select pg_sleep(0.5)`.execute(trx);
      await bump('x')(trx);
      done.push('slow');
    });
    // Once the slow change's group holds its connection, later changes form another group.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all(
      Array.from({ length: 5 }, (_, k) =>
        writeTransaction(async (trx) => {
          await bump('y')(trx);
          done.push(`fast ${k}`);
        }),
      ),
    );
    expect(done).toEqual(['fast 0', 'fast 1', 'fast 2', 'fast 3', 'fast 4']);
    await slow;
    expect(stats).toEqual({ groups: 2, changes: 6, largestGroup: 5 });
    const rows = await a.selectFrom('tally').select(['id', 'n']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'x', n: 1 },
      { id: 'y', n: 5 },
    ]);
  });

  it('serializes concurrent groups on the rows they share, losing no change', async () => {
    const { writeTransaction, stats } = createGroupCommit(a, {
      concurrency: 4,
      optimisticAfter: 0,
    });
    // Every change bumps the shared row; the groups wait for each other's commit there.
    await Promise.all(
      Array.from({ length: 200 }, (_, k) =>
        writeTransaction(async (trx) => {
          await bump(k % 2 === 0 ? 'x' : 'y')(trx);
          await bump('x')(trx);
        }),
      ),
    );
    expect(stats.changes).toBe(200);
    const rows = await a.selectFrom('tally').select(['id', 'n']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'x', n: 300 },
      { id: 'y', n: 100 },
    ]);
  });

  it('runs again a change that lost a deadlock with another server, and loses nothing', async () => {
    const one = createGroupCommit(a);
    const two = createGroupCommit(b);
    const pause = () => sql`select pg_sleep(0.2)`.execute(a);
    // Each server locks x and y in the opposite order, with a pause between: PostgreSQL
    // finds the deadlock and aborts one side.
    const outcomes = await Promise.allSettled([
      one.writeTransaction(async (trx) => {
        await bump('x')(trx);
        await sql`select pg_sleep(0.2)`.execute(trx);
        await bump('y')(trx);
      }),
      two.writeTransaction(async (trx) => {
        await bump('y')(trx);
        await sql`select pg_sleep(0.2)`.execute(trx);
        await bump('x')(trx);
      }),
    ]);
    await pause();
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows = await a.selectFrom('tally').select(['id', 'n']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'x', n: 2 },
      { id: 'y', n: 2 },
    ]);
  });
});
