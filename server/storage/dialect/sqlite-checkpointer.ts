/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside a COMMIT
 * once the write-ahead log passes 1,000 pages: that commit then copies the log into the
 * database file and syncs it, blocking Node's only thread for milliseconds — under a
 * steady write load every few group commits, the slowest answers. Here the writer never
 * checkpoints (`wal_autocheckpoint = 0`); a worker thread with its own connection runs a
 * PASSIVE checkpoint every `intervalMs` (it never blocks the writer or a reader: it copies
 * what no reader still needs, and the writer restarts the log once all was copied). Should
 * the worker fail, the writer checkpoints for itself again. Closing stops the worker after
 * a last checkpoint.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** The worker, as plain JavaScript (evaluated, so it runs the same from sources or a bundle). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 1000');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)', { simple: false });
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { checkpoint(); } catch {}
  db.close();
  parentPort.postMessage({ stopped: true });
});
parentPort.postMessage({ ready: true });
`;

/** A running checkpointer. */
export interface Checkpointer {
  /** Stops the worker after a last checkpoint (the writer checkpoints for itself again). */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` in a worker thread and stops `writer` from checkpointing on
 * commit. `onError` hears of a failed checkpoint (the next tick tries again).
 */
export function startCheckpointer(
  file: string,
  writer: SqliteDatabase.Database,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const require = createRequire(import.meta.url);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      module: require.resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? 250,
    },
  });
  // The worker keeps no process alive on its own: the server's handles do.
  worker.unref();
  writer.pragma('wal_autocheckpoint = 0');
  let running = true;
  const fallBack = () => {
    if (!running) return;
    running = false;
    // Without the worker, the log must not grow without end: the writer checkpoints again.
    if (writer.open) writer.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => {
    options.onError?.(String(error));
    fallBack();
  });
  worker.on('exit', fallBack);
  return {
    async stop() {
      if (!running) return;
      const stopped = new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.on('message', (message: { stopped?: boolean }) => {
          if (message.stopped) void worker.terminate().then(done, done);
        });
      });
      worker.postMessage('stop');
      await stopped;
      fallBack();
    },
  };
}
