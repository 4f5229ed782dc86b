/**
 * The device's queue of patrol reports not yet sent (IndexedDB through `idb`). Each entry
 * keeps its idempotency key from the moment it was made, so sending it again after a lost
 * answer returns the same case instead of a second one. One flush runs at a time.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiError } from '../../api/client.ts';
import { sendFieldReport, type FieldReportInput } from './api.ts';

export interface OutboxEntry {
  key: string;
  input: FieldReportInput;
  createdAt: string;
  /** The server's refusal (kept for the worker to see), when it was not a network failure. */
  error?: string;
}

interface OutboxDB extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { createdAt: string } };
}

let dbPromise: Promise<IDBPDatabase<OutboxDB>> | undefined;
function db() {
  dbPromise ??= openDB<OutboxDB>('civicgrid-field', 1, {
    upgrade(database) {
      const store = database.createObjectStore('outbox', { keyPath: 'key' });
      store.createIndex('createdAt', 'createdAt');
    },
  });
  return dbPromise;
}

export async function listOutbox(): Promise<OutboxEntry[]> {
  return (await db()).getAllFromIndex('outbox', 'createdAt');
}

export async function enqueue(entry: OutboxEntry): Promise<void> {
  await (await db()).put('outbox', entry);
}

export async function removeEntry(key: string): Promise<void> {
  await (await db()).delete('outbox', key);
}

let running: Promise<number> | undefined;

/**
 * Sends every waiting report in order; stops at the first network failure (still offline).
 * A report the server refuses stays with its error. Returns how many were sent.
 */
export function flushOutbox(): Promise<number> {
  running ??= (async () => {
    let sent = 0;
    try {
      for (const entry of await listOutbox()) {
        if (entry.error) continue;
        try {
          await sendFieldReport(entry.input, entry.key);
          await removeEntry(entry.key);
          sent += 1;
        } catch (error) {
          if (error instanceof ApiError && !error.isNetwork) {
            await enqueue({ ...entry, error: error.detail || error.code });
            continue;
          }
          break;
        }
      }
    } finally {
      running = undefined;
    }
    return sent;
  })();
  return running;
}
