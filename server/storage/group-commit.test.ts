import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql, SqliteDialect, type Generated, type Transaction } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

interface TestDb {
  items: { id: Generated<number>; label: string };
  parents: { id: number };
  children: { id: number; parent_id: number };
}

let dir: string;
let kysely: Kysely<TestDb>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civicgrid-group-commit-'));
  const raw = new SqliteDatabase(join(dir, 'test.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  kysely = new Kysely<TestDb>({ dialect: new SqliteDialect({ database: raw }) });
  await sql`create table items (id integer primary key, label text not null unique)`.execute(
    kysely,
  );
  await sql`create table parents (id integer primary key)`.execute(kysely);
  await sql`create table children (id integer primary key, parent_id integer not null references parents (id))`.execute(
    kysely,
  );
});

afterEach(async () => {
  await kysely.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function labels(): Promise<string[]> {
  const rows = await kysely.selectFrom('items').select('label').orderBy('id').execute();
  return rows.map((r) => r.label);
}

describe('group commit', () => {
  it('writes concurrent changes in shared transactions, in arrival order, and answers each with its own result', async () => {
    const { writeTransaction, stats } = createGroupCommit(kysely);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, k) =>
        writeTransaction(async (trx) => {
          await trx
            .insertInto('items')
            .values({ label: `item ${k}` })
            .execute();
          return k * 2;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, k) => k * 2));
    expect(await labels()).toEqual(Array.from({ length: 40 }, (_, k) => `item ${k}`));
    expect(stats.changes).toBe(40);
    // All 40 queued before the first transaction held the connection: at most 32 per group.
    expect(stats.groups).toBe(2);
    expect(stats.largestGroup).toBe(32);
  });

  it('rolls back only the change that fails, and gives the error to its caller alone', async () => {
    const { writeTransaction, stats } = createGroupCommit(kysely);
    const first = writeTransaction(async (trx) => {
      await trx.insertInto('items').values({ label: 'first' }).execute();
    });
    const outcomes = await Promise.allSettled([
      first,
      writeTransaction(async (trx) => {
        await trx.insertInto('items').values({ label: 'a' }).execute();
      }),
      writeTransaction(async (trx) => {
        // Writes, then fails half-way: its first insert must not survive.
        await trx.insertInto('items').values({ label: 'b' }).execute();
        await trx.insertInto('items').values({ label: 'a' }).execute();
      }),
      writeTransaction(async (trx) => {
        await trx.insertInto('items').values({ label: 'c' }).execute();
        throw new Error('refused by a rule');
      }),
      writeTransaction(async (trx) => {
        // Sees what the changes before it in the group wrote.
        const seen = await trx.selectFrom('items').select('label').orderBy('id').execute();
        await trx.insertInto('items').values({ label: 'd' }).execute();
        return seen.map((r) => r.label);
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/refused by a rule/);
    expect((outcomes[4] as PromiseFulfilledResult<string[]>).value).toEqual(['first', 'a']);
    expect(await labels()).toEqual(['first', 'a', 'd']);
    expect(stats.groups).toBe(1);
  });

  it('a change alone that fails leaves nothing behind', async () => {
    const { writeTransaction } = createGroupCommit(kysely);
    await expect(
      writeTransaction(async (trx) => {
        await trx.insertInto('items').values({ label: 'x' }).execute();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await labels()).toEqual([]);
  });

  it('when the shared COMMIT fails, every change of the group fails and nothing is written', async () => {
    const { writeTransaction } = createGroupCommit(kysely);
    await writeTransaction(async (trx) => {
      await trx.insertInto('items').values({ label: 'before' }).execute();
    });
    const group = [
      writeTransaction(async (trx) => {
        await trx.insertInto('items').values({ label: 'innocent' }).execute();
      }),
      writeTransaction(async (trx) => {
        // A deferred foreign key is checked only at COMMIT, which it makes fail.
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await trx.insertInto('children').values({ id: 1, parent_id: 99 }).execute();
      }),
    ];
    const outcomes = await Promise.allSettled(group);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await labels()).toEqual(['before']);
    expect(await kysely.selectFrom('children').selectAll().execute()).toEqual([]);
    // The committer goes on working after a failed group.
    await writeTransaction(async (trx) => {
      await trx.insertInto('items').values({ label: 'after' }).execute();
    });
    expect(await labels()).toEqual(['before', 'after']);
  });
});

describe('groups written without savepoints after a calm run', () => {
  /** The group committer over a second Kysely on the same file that records every statement. */
  function logged(optimisticAfter: number) {
    const statements: string[] = [];
    const raw = new SqliteDatabase(join(dir, 'test.sqlite'));
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<TestDb>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    return { db, statements, ...createGroupCommit(db, { optimisticAfter }) };
  }
  const insert = (label: string) => (trx: Kysely<TestDb>) =>
    trx.insertInto('items').values({ label }).execute();

  it('writes a group without savepoints once enough groups in a row had no failure', async () => {
    const { db, statements, writeTransaction, stats } = logged(1);
    try {
      // The first group is guarded (no calm run yet); the second is not.
      for (const round of [1, 2]) {
        await Promise.all(
          Array.from({ length: 3 }, (_, k) =>
            writeTransaction((trx) => insert(`r${round} ${k}`)(trx)),
          ),
        );
      }
      expect(stats).toMatchObject({ groups: 2, changes: 6 });
      expect(statements.filter((q) => q.startsWith('savepoint'))).toEqual([
        'savepoint cg_0',
        'savepoint cg_1',
        'savepoint cg_2',
      ]);
      expect(await labels()).toEqual(['r1 0', 'r1 1', 'r1 2', 'r2 0', 'r2 1', 'r2 2']);
    } finally {
      await db.destroy();
    }
  });

  it('writes a group again with savepoints when one of its changes fails, so only that one fails', async () => {
    const { db, statements, writeTransaction, stats } = logged(0);
    try {
      await insert('taken')(db);
      const runs = [0, 0, 0];
      const outcomes = await Promise.allSettled(
        ['a', 'taken', 'b'].map((label, k) =>
          writeTransaction(async (trx) => {
            runs[k] = (runs[k] as number) + 1;
            await insert(label)(trx);
            return label;
          }),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
      // Unguarded first (the second change failed and the group rolled back), then guarded.
      expect(runs).toEqual([2, 2, 1]);
      expect(statements.filter((q) => q.startsWith('savepoint'))).toHaveLength(3);
      expect(stats).toMatchObject({ groups: 1, changes: 3 });
      expect(await labels()).toEqual(['taken', 'a', 'b']);

      // A failure ends the calm run: with `optimisticAfter` 0 the next is unguarded again.
      statements.length = 0;
      await Promise.all(['c', 'd'].map((label) => writeTransaction(insert(label))));
      expect(statements.filter((q) => q.startsWith('savepoint'))).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe('group commit with a deferred sync', () => {
  it('answers a group only once its sync has returned, and writes the next group meanwhile', async () => {
    const syncs: (() => void)[] = [];
    const relaxed: boolean[] = [];
    const { writeTransaction, stats } = createGroupCommit(kysely, {
      maxGroup: 2,
      deferredSync: {
        unsynced: async (work) => {
          relaxed.push(true);
          return work(kysely);
        },
        sync: () => new Promise<void>((resolve) => syncs.push(resolve)),
      },
    });
    const answered: number[] = [];
    const writes = [0, 1, 2, 3].map((k) =>
      writeTransaction(async (trx) => {
        await trx
          .insertInto('items')
          .values({ label: `item ${k}` })
          .execute();
        return k;
      }).then((k) => answered.push(k)),
    );
    // Both groups commit while neither sync has returned; nobody is answered yet.
    await expect.poll(() => stats.groups).toBe(2);
    expect(await labels()).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
    expect(answered).toEqual([]);
    expect(relaxed).toHaveLength(2);
    syncs[1]?.();
    await expect.poll(() => answered).toEqual([2, 3]);
    syncs[0]?.();
    await Promise.all(writes);
    expect(answered).toEqual([2, 3, 0, 1]);
  });

  it('gives the sync failure to every change of the group, and a failed change its own error at once', async () => {
    const { writeTransaction } = createGroupCommit(kysely, {
      deferredSync: {
        unsynced: (work) => work(kysely),
        sync: () => Promise.reject(new Error('EIO: the disk failed')),
      },
    });
    const outcomes = await Promise.allSettled([
      writeTransaction(async (trx) => {
        await trx.insertInto('items').values({ label: 'a' }).execute();
      }),
      writeTransaction(async () => {
        throw new Error('refused by a rule');
      }),
    ]);
    expect(outcomes.map((o) => String((o as PromiseRejectedResult).reason))).toEqual([
      'Error: EIO: the disk failed',
      'Error: refused by a rule',
    ]);
  });
});

describe('what changes leave to the end of their group', () => {
  it('is written once, after every change, with the items of the changes that kept their writes, in their order', async () => {
    const { writeTransaction, stats } = createGroupCommit(kysely);
    const flushes: string[][] = [];
    const writeLabels = async (trx: Transaction<TestDb>, items: string[]) => {
      flushes.push(items);
      await trx
        .insertInto('items')
        .values(items.map((label) => ({ label })))
        .execute();
    };
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((label) =>
        writeTransaction(async (trx, group) => {
          group.atEnd(writeLabels, `tail ${label}`);
          await trx.insertInto('items').values({ label }).execute();
          if (label === 'c') throw new Error('refused by a rule');
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(stats.groups).toBe(1);
    expect(flushes).toEqual([['tail a', 'tail b', 'tail d']]);
    expect(await labels()).toEqual(['a', 'b', 'd', 'tail a', 'tail b', 'tail d']);
  });

  it('fails the whole group, writing nothing, when a flush fails', async () => {
    const { writeTransaction } = createGroupCommit(kysely);
    const failing = async () => {
      throw new Error('the counters are locked (test)');
    };
    const outcomes = await Promise.allSettled(
      ['a', 'b'].map((label) =>
        writeTransaction(async (trx, group) => {
          group.atEnd(failing, label);
          await trx.insertInto('items').values({ label }).execute();
        }),
      ),
    );
    expect(outcomes.map((o) => String((o as PromiseRejectedResult).reason))).toEqual([
      'Error: the counters are locked (test)',
      'Error: the counters are locked (test)',
    ]);
    expect(await labels()).toEqual([]);
  });
});
