/**
 * The page's side of the service worker: registers `/sw.js` in a built app (never under
 * the development server, whose files change on every edit), asks for a Background Sync
 * of the field outbox, and tells the page when the worker has sent waiting reports.
 */
import { OUTBOX_SENT_MESSAGE, OUTBOX_SYNC_TAG } from './messages.ts';

/** Registers the service worker once the page has loaded (production builds only). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without a worker the app still works online; the outbox still sends from the page.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

interface SyncCapableRegistration extends ServiceWorkerRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Asks the browser to wake the worker when the connection returns, to send the outbox even
 * if the page is closed by then. Resolves to whether the browser took the request.
 */
export async function requestOutboxSync(): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return false;
  try {
    const registration = (await navigator.serviceWorker.ready) as SyncCapableRegistration;
    if (!registration.sync) return false;
    await registration.sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}

/** Calls `onSent` whenever the worker reports that it sent waiting reports; returns the unsubscribe. */
export function onOutboxSentByWorker(onSent: () => void): () => void {
  if (!('serviceWorker' in navigator)) return () => undefined;
  const listener = (event: MessageEvent) => {
    const data = event.data as { type?: string } | null;
    if (data?.type === OUTBOX_SENT_MESSAGE) onSent();
  };
  navigator.serviceWorker.addEventListener('message', listener);
  return () => navigator.serviceWorker.removeEventListener('message', listener);
}
