/**
 * Group commit. SQLite has one writer, and a durable commit
 * (`synchronous = FULL`) costs a sync of the write-ahead log, whatever the size of the
 * transaction. When several changes wait to be written at once, they are written in ONE
 * transaction, each inside its own savepoint:
 *
 * - a change that fails (a stale version, a broken constraint, any thrown error) is rolled
 *   back to its savepoint, and only its caller sees the error; the others go on;
 * - every caller is answered only after the shared COMMIT has returned, so nothing is
 *   acknowledged before it is durable; when the COMMIT fails, every caller of the group
 *   gets that error and nothing of the group is written.
 *
 * Changes of one group run one after another in arrival order, so each sees the writes of
 * the ones before it (the audit chain's head, a case's version), exactly as if each had
 * committed alone.
 *
 * On SQLite the group's COMMIT need not wait for the disk on Node's only thread: given a
 * `deferredSync`, the transaction commits without syncing the write-ahead log, the next
 * group starts at once, and the members are answered when the log's `fsync` (in the
 * thread pool, `dialect/sqlite-wal-sync.ts`) has returned — never before.
 *
 * On PostgreSQL the same grouping spares the lock queue: every change bumps the shared
 * counter rows and the audit chain's head, so single-change transactions mostly waited
 * for each other's locks. A group's changes cost round trips, one after another, so up to
 * `concurrency` groups are written at once on their own pooled connections (a new group
 * starts once the last one started has taken its members); they meet only at the shared
 * rows, which each writes at its end, and wait there for each other's COMMIT. Two groups
 * (of one server or two) can still deadlock on a case both touch; PostgreSQL then aborts
 * one side, which runs again (a change that lost inside a group goes first into the next
 * group), up to three times.
 */
import { sql, type Kysely, type Transaction } from 'kysely';

/** Writes, once per group, what the changes of the group left to its end. */
export type GroupFlush<DB, T> = (trx: Transaction<DB>, items: T[]) => Promise<void>;

/** What a change may leave to the end of its group. */
export interface GroupTail<DB> {
  /**
   * Hands `item` to `flush`, which runs once at the end of the group, after every change
   * and before the COMMIT, with the items of every change that kept its writes, in their
   * order. Rows that every change touches (the city's counters, the audit chain's head)
   * are then written once per group instead of once per change. Flushes run in the order
   * in which they were first named; pass the same function each time.
   */
  atEnd<T>(flush: GroupFlush<DB, T>, item: T): void;
}

/** Writes `work` in a transaction (possibly shared); resolves once it is committed. */
export type WriteTransaction<DB> = <T>(
  work: (trx: Transaction<DB>, tail: GroupTail<DB>) => Promise<T>,
) => Promise<T>;

interface Pending<DB> {
  work: (trx: Transaction<DB>, tail: GroupTail<DB>) => Promise<unknown>;
  /** Tries lost to a deadlock so far. */
  attempts: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Tries of a change (or a whole group) that keeps losing deadlocks. */
const MAX_ATTEMPTS = 3;

/** A change of a group written without savepoints failed: the group is written again with them. */
class MemberFailed extends Error {}

/**
 * PostgreSQL's deadlock and serialization failures: the transaction did nothing and may
 * simply run again. (Two servers on one PostgreSQL can lock the same case and the shared
 * counter rows in opposite orders when each writes a group.)
 */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What a group committer has done so far (for tests and metrics). */
export interface GroupCommitStats {
  /** Transactions committed or attempted. */
  groups: number;
  /** Changes written through them. */
  changes: number;
  /** The most changes one transaction carried. */
  largestGroup: number;
}

/**
 * Commits that return before the disk has confirmed them, and the wait for that
 * confirmation. `unsynced` runs `work` on a connection whose commits do not sync;
 * `sync` resolves once everything committed before it was called is durable.
 */
export interface DeferredSync<DB> {
  unsynced<T>(work: (kysely: Kysely<DB>) => Promise<T>): Promise<T>;
  sync(): Promise<void>;
}

/**
 * Builds a group committer for one database. At most `maxGroup` changes share a
 * transaction, so the first of a group does not wait behind an unbounded queue; at most
 * `concurrency` groups (default 1, the only choice for SQLite's one connection) are
 * written at once.
 */
export function createGroupCommit<DB>(
  kysely: Kysely<DB>,
  options: {
    maxGroup?: number;
    deferredSync?: DeferredSync<DB>;
    concurrency?: number;
    optimisticAfter?: number;
  } = {},
) {
  const maxGroup = options.maxGroup ?? 32;
  const concurrency = options.concurrency ?? 1;
  const optimisticAfter = options.optimisticAfter ?? Infinity;
  /** Groups written in a row in which no change failed. */
  let calm = 0;
  const deferred = options.deferredSync;
  const queue: Pending<DB>[] = [];
  const stats: GroupCommitStats = { groups: 0, changes: 0, largestGroup: 0 };
  /** Groups started and not yet finished (at most `concurrency`). */
  let writing = 0;
  /** True while a start of a group is scheduled (`setImmediate`) and has not run yet. */
  let scheduled = false;
  /** True while a started group waits for its connection and has not taken its members. */
  let taking = false;

  /**
   * Writes one group. The group is taken from the queue only once the transaction holds
   * the connection: while it waits behind other queries for it, more changes join.
   */
  async function writeGroup(): Promise<void> {
    // Filled inside the transaction's callback (a holder, so the type checker follows it).
    const taken: { group: Pending<DB>[] | null } = { group: null };
    let outcomes: Outcome[] | null = null;
    // After a run of groups without a failure, the next is written without savepoints.
    let guarded = calm < optimisticAfter;
    const write = (db: Kysely<DB>) =>
      db.transaction().execute(async (trx) => {
        // A retried group keeps its members; a new one takes what waits now.
        if (!taken.group) {
          taken.group = queue.splice(0, maxGroup);
          taking = false;
          // What arrives from now on may go to another group beside this one.
          schedule();
        }
        return writeMembers(trx, taken.group, guarded);
      });
    for (let attempt = 1; outcomes === null; attempt++) {
      try {
        outcomes = await (deferred ? deferred.unsynced(write) : write(kysely));
      } catch (error) {
        if (error instanceof MemberFailed) {
          // Nothing of the group was written: again, each change in its savepoint.
          guarded = true;
          attempt -= 1;
          continue;
        }
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
        // Failed before it took any member (no connection): the next group takes them.
        if (!taken.group) taking = false;
        for (const pending of taken.group ?? []) pending.reject(error);
        return;
      }
    }
    const members = taken.group ?? [];
    calm = outcomes.some((o) => !o.ok) ? 0 : calm + 1;
    stats.groups += 1;
    stats.changes += members.length;
    stats.largestGroup = Math.max(stats.largestGroup, members.length);
    const retry: Pending<DB>[] = [];
    const committed: [Pending<DB>, unknown][] = [];
    for (const [i, pending] of members.entries()) {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) committed.push([pending, outcome.value]);
      else if (isRetryable(outcome.error) && (pending.attempts += 1) < MAX_ATTEMPTS)
        retry.push(pending);
      else pending.reject(outcome.error);
    }
    // A change that lost a deadlock to another server's transaction goes first next time.
    queue.unshift(...retry);
    const answer = () => {
      for (const [pending, value] of committed) pending.resolve(value);
    };
    // Not awaited: the next group is written while the log is synced.
    if (deferred && committed.length > 0)
      deferred.sync().then(answer, (error: unknown) => {
        for (const [pending] of committed) pending.reject(error);
      });
    else answer();
  }

  /**
   * Runs the changes of a group in order. `guarded`: each in its own savepoint, so one
   * that fails is undone alone; otherwise (after a run of groups where none failed) none
   * has a savepoint — two round trips fewer a change on PostgreSQL — and the first that
   * fails throws `MemberFailed`, which rolls the group back to be written again guarded.
   */
  async function writeMembers(
    trx: Transaction<DB>,
    group: Pending<DB>[],
    guarded: boolean,
  ): Promise<Outcome[]> {
    const tails = new Map<GroupFlush<DB, unknown>, unknown[]>();
    /** Runs one change, collecting what it leaves to the end; keeps it only if it succeeds. */
    async function run(pending: Pending<DB>): Promise<unknown> {
      const left: [GroupFlush<DB, unknown>, unknown][] = [];
      const value = await pending.work(trx, {
        atEnd: (flush, item) => left.push([flush as GroupFlush<DB, unknown>, item]),
      });
      for (const [flush, item] of left) {
        const items = tails.get(flush);
        if (items) items.push(item);
        else tails.set(flush, [item]);
      }
      return value;
    }
    const results: Outcome[] = [];
    // Alone, a change needs no savepoint: its failure rolls back the transaction.
    const only = group.length === 1 ? group[0] : undefined;
    if (only) results.push({ ok: true, value: await run(only) });
    else if (!guarded) {
      for (const pending of group) {
        try {
          results.push({ ok: true, value: await run(pending) });
        } catch (error) {
          throw new MemberFailed('a change of an unguarded group failed', { cause: error });
        }
      }
    } else {
      for (const [i, pending] of group.entries()) {
        const savepoint = sql.raw(`cg_${i}`);
        await sql`savepoint ${savepoint}`.execute(trx);
        try {
          const value = await run(pending);
          await sql`release savepoint ${savepoint}`.execute(trx);
          results.push({ ok: true, value });
        } catch (error) {
          // Undo this change only; if the database already ended the transaction, this
          // throws and the whole group fails, none of it acknowledged.
          await sql`rollback to savepoint ${savepoint}`.execute(trx);
          await sql`release savepoint ${savepoint}`.execute(trx);
          results.push({ ok: false, error });
        }
      }
    }
    // A flush that fails fails the whole group: nothing of it is written.
    for (const [flush, items] of tails) await flush(trx, items);
    return results;
  }

  /**
   * Writes groups until the queue is empty. better-sqlite3 answers synchronously, so a
   * request runs from its arrival to its write without giving the event loop back; a
   * group is therefore started with `setImmediate`, after the requests that arrived in
   * the same turn of the loop have reached their writes too.
   */
  function drain(): void {
    scheduled = false;
    if (queue.length === 0 || writing >= concurrency) return;
    writing += 1;
    taking = true;
    const done = () => {
      writing -= 1;
      schedule();
    };
    writeGroup().then(done, done);
  }

  /**
   * Starts a group when changes wait and fewer than `concurrency` groups are being
   * written, unless a started one has yet to take its members: that one takes them.
   */
  function schedule(): void {
    if (!scheduled && !taking && queue.length > 0 && writing < concurrency) {
      scheduled = true;
      setImmediate(drain);
    }
  }

  const writeTransaction: WriteTransaction<DB> = (work) =>
    new Promise((resolve, reject) => {
      queue.push({ work, attempts: 0, resolve: resolve as (value: unknown) => void, reject });
      schedule();
    });

  return { writeTransaction, stats };
}
