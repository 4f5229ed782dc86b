/**
 * Syncing SQLite's write-ahead log off the main thread. With `synchronous = FULL` every
 * COMMIT waits, on Node's only thread, for the disk to confirm the log: milliseconds in
 * which no request is parsed, routed or answered. A group commit (`group-commit.ts`)
 * instead commits with `synchronous = NORMAL` (the log is written, not yet synced) and
 * then asks this syncer for an `fsync` of the log file, which runs in libuv's thread pool
 * while the main thread goes on with the next group. Nobody is answered before the
 * `fsync` that covers their commit has returned, so an acknowledged change survives a
 * power loss exactly as under `synchronous = FULL`: the log is appended in commit order,
 * and one `fsync` of the file makes every frame written before it durable.
 *
 * Syncs are coalesced: a request that arrives while an `fsync` runs is served by the next
 * one (its frames may have been written after the running one started), and every request
 * waiting then shares that next one.
 *
 * A failed `fsync` is never retried (the kernel may have dropped the unwritten pages, so a
 * later success would prove nothing): the syncer stays failed and every later request is
 * refused with the same error, so no change is acknowledged again until the server is
 * restarted and SQLite recovers from what the disk holds.
 */
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A running syncer of one database file's write-ahead log. */
export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  /** Waits for the running and requested syncs, then closes the log's file descriptor. */
  close(): Promise<void>;
}

/** Builds the syncer of `file`'s log (`<file>-wal`, opened when first synced). */
export function createWalSync(file: string): WalSync {
  let fd: number | null = null;
  let running = false;
  let waiting: Waiter[] = [];
  let failure: Error | null = null;
  const idle: (() => void)[] = [];

  function descriptor(): number {
    if (fd === null) {
      fd = openSync(`${file}-wal`, 'r');
      // The log file's directory entry must be durable too (SQLite syncs it when it
      // creates the log under `synchronous = FULL`; the log exists by now).
      const dir = openSync(dirname(file), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return fd;
  }

  function settle(batch: Waiter[], error: Error | null): void {
    if (error) failure ??= error;
    for (const waiter of batch) {
      if (failure) waiter.reject(failure);
      else waiter.resolve();
    }
    if (waiting.length > 0) flush();
    else {
      running = false;
      for (const done of idle.splice(0)) done();
    }
  }

  function flush(): void {
    running = true;
    const batch = waiting;
    waiting = [];
    if (failure) return settle(batch, failure);
    let target: number;
    try {
      target = descriptor();
    } catch (error) {
      return settle(batch, error as Error);
    }
    fsync(target, (error) => settle(batch, error));
  }

  return {
    sync() {
      if (failure) return Promise.reject(failure);
      return new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (!running) flush();
      });
    },
    async close() {
      if (running) await new Promise<void>((resolve) => idle.push(resolve));
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
