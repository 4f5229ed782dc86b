/** The grid worker's queries, the patrol report and the device's waiting list. */
import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, newIdempotencyKey } from '../../api/client.ts';
import { caseKeys, useCases } from '../queue/hooks.ts';
import { onOutboxSentByWorker, requestOutboxSync } from '../offline/register.ts';
import { sendFieldReport, type FieldReportInput } from './api.ts';
import { enqueue, flushOutbox, listOutbox, removeEntry, type OutboxEntry } from './outbox.ts';

/** Resolved cases of the worker's grid, waiting for the on-site check. */
export const useToVerify = () => useCases({ status: ['resolved'], limit: 50 });

/** Open cases of the worker's grid. */
export const useOpenCases = () =>
  useCases({ status: ['submitted', 'registered', 'dispatched', 'in_progress'], limit: 50 });

/**
 * The waiting list: read from IndexedDB, sent on page load, whenever the browser says it
 * is online again and by the service worker's Background Sync (where the browser has it);
 * the case lists refresh after anything was sent.
 */
export function useOutbox() {
  const client = useQueryClient();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [sending, setSending] = useState(false);
  const reload = useCallback(async () => setEntries(await listOutbox()), []);
  const flush = useCallback(async () => {
    setSending(true);
    try {
      const sent = await flushOutbox();
      if (sent > 0) await client.invalidateQueries({ queryKey: caseKeys.all });
    } finally {
      setSending(false);
      await reload();
    }
  }, [client, reload]);
  useEffect(() => {
    void reload().then(() => (navigator.onLine ? flush() : undefined));
    const online = () => void flush();
    window.addEventListener('online', online);
    // The service worker may send them first (Background Sync): show the news.
    const stop = onOutboxSentByWorker(() => {
      void reload();
      void client.invalidateQueries({ queryKey: caseKeys.all });
    });
    return () => {
      window.removeEventListener('online', online);
      stop();
    };
  }, [client, flush, reload]);
  const discard = useCallback(
    async (key: string) => {
      await removeEntry(key);
      await reload();
    },
    [reload],
  );
  return { entries, sending, flush, reload, discard };
}

/** What became of a patrol report: sent (with its tracking code) or kept on the device. */
export type FieldOutcome = { kind: 'sent'; trackingCode: string } | { kind: 'queued' };

/**
 * Sends a patrol report, or keeps it on the device when offline or the network fails
 * (with the key it was made with, so the later send is the same request).
 */
export function useFieldReport(onQueued: () => void) {
  const client = useQueryClient();
  return useMutation({
    // Runs offline too: going offline is exactly when the report must be kept.
    networkMode: 'always',
    mutationFn: async (input: FieldReportInput): Promise<FieldOutcome> => {
      const key = newIdempotencyKey();
      const keep = async () => {
        await enqueue({ key, input, createdAt: new Date().toISOString() });
        // Also sent by the service worker when the connection returns, page open or not.
        void requestOutboxSync();
        onQueued();
        return { kind: 'queued' } as const;
      };
      if (!navigator.onLine) return keep();
      try {
        const answer = await sendFieldReport(input, key);
        return { kind: 'sent', trackingCode: answer.trackingCode };
      } catch (error) {
        if (error instanceof ApiError && error.isNetwork) return keep();
        throw error;
      }
    },
    onSuccess: (outcome) => {
      if (outcome.kind === 'sent') void client.invalidateQueries({ queryKey: caseKeys.all });
    },
  });
}
