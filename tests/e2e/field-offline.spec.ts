/**
 * The field page without a connection, through the service worker: after one online
 * visit the page RELOADS offline (the app shell and the category tree come from the
 * worker's store), a patrol report made then waits on the device, and when the connection
 * returns it is sent — by the page or by the worker's Background Sync, with one
 * idempotency key — so the case exists exactly once. Nothing personal is ever stored by
 * the worker.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { checkA11y, LANGS, newPage, PHONE, screenshot, waitForText } from './support/browser.ts';
import { casesDescribed, PATROL_TEXT as TEXT, reportOffline } from './support/patrol.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { signIn } from './support/staff.ts';

/** Waits until the service worker is active and controls the page. */
async function waitForWorker(page: Page): Promise<void> {
  // Strings, not functions: this file is type-checked without the DOM library.
  await page.evaluate(`(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  })()`);
}

/** Every address the worker has stored, across its caches. */
async function storedAddresses(page: Page): Promise<string[]> {
  return (await page.evaluate(`(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  })()`)) as string[];
}

describe('field work offline, through the service worker', () => {
  const env = useServerAndBrowser();

  for (const lang of LANGS) {
    it(`reloads offline, keeps a report and sends it once back online (${lang})`, async () => {
      const text = TEXT[lang];
      const home = DEMO_POINTS[0] as { lat: number; lon: number };
      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: PHONE,
        geolocation: { latitude: home.lat, longitude: home.lon },
      });

      // One online visit: the worker installs and stores the app shell.
      await signIn(page, 'grid_worker_a', '/field');
      await waitForText(page.locator('#outbox-title'), text.waiting(0));
      await waitForWorker(page);
      const worker = await page.evaluate(
        `navigator.serviceWorker.getRegistration().then((r) => r?.active?.scriptURL ?? null)`,
      );
      expect(worker).toBe(`${env.server.url}/sw.js`);

      // Offline, the page reloads from the worker's store.
      await context.setOffline(true);
      await page.reload();
      await page.locator('#patrol-description').waitFor();
      await waitForText(page.locator('#outbox-title'), text.waiting(0));
      expect(await page.evaluate('navigator.onLine')).toBe(false);
      expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
      await screenshot(page, 'field-offline-reloaded', lang);
      await checkA11y(page, `the field page reloaded offline (${lang})`);

      const description = `Blocked drain after the reload (${lang} ${Date.now()})`;
      await reportOffline(page, text, description, home);

      // The worker stored the shell and public reference data, never cases, the session
      // or accounts.
      const stored = await storedAddresses(page);
      expect(stored.some((u) => u.endsWith('/api/v1/categories'))).toBe(true);
      expect(stored.some((u) => /\/assets\/index-[^/]+\.js$/.test(u))).toBe(true);
      expect(stored.filter((u) => /\/api\/v1\/(cases|session|users|track)/.test(u))).toEqual([]);

      // Back online: sent on its own, exactly once.
      await context.setOffline(false);
      await waitForText(page.locator('#outbox-title'), text.waiting(0));
      const mine = await casesDescribed(env.server, description);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.channel).toBe('field');
      await context.close();
    });
  }

  it('sends the outbox from the worker’s Background Sync, with no page of the app open', async () => {
    const text = TEXT.en;
    const home = DEMO_POINTS[0] as { lat: number; lon: number };
    const { context, page } = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: 'en',
      viewport: PHONE,
      geolocation: { latitude: home.lat, longitude: home.lon },
    });
    await signIn(page, 'grid_worker_a', '/field');
    await waitForText(page.locator('#outbox-title'), text.waiting(0));
    await waitForWorker(page);
    await context.setOffline(true);
    const description = `Report sent by the worker alone (${Date.now()})`;
    await reportOffline(page, text, description, home);
    // The app's page goes away; a plain server page stays for the DevTools session.
    const other = await context.newPage();
    await page.close();
    await context.setOffline(false);
    await other.goto('/healthz');
    const cdp = await context.newCDPSession(other);
    const registered = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
        const found = event.registrations.find((r) => r.scopeURL === `${env.server.url}/`);
        if (found) resolve(found.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registered;
    // What the browser does when the connection returns, asked for directly.
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: env.server.url,
      registrationId,
      tag: 'civicgrid-outbox',
      lastChance: false,
    });
    const until = Date.now() + 15_000;
    let found: { description: string }[] = [];
    while (Date.now() < until && found.length === 0) {
      found = await casesDescribed(env.server, description);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toHaveLength(1);
    // A second sync finds the outbox empty: nothing is sent twice.
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: env.server.url,
      registrationId,
      tag: 'civicgrid-outbox',
      lastChance: false,
    });
    await new Promise((r) => setTimeout(r, 1000));
    const again = await env.server.api<{ items: { description: string }[] }>(
      'GET',
      `/api/v1/cases?q=${encodeURIComponent(description)}`,
      { as: 'dispatcher' },
    );
    expect(again.body.items.filter((i) => i.description === description)).toHaveLength(1);
    await context.close();
  });
});
