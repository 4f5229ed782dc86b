/**
 * The grid worker on a phone: the grid's resolved case waits for the on-site check; a
 * report from patrol made offline is kept on the device in a visible queue, sent when the
 * connection returns, and exists exactly once on the server.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { checkA11y, LANGS, newPage, PHONE, screenshot, waitForText } from './support/browser.ts';
import { act, reportStreetLight } from './support/cases.ts';
import { casesDescribed, PATROL_TEXT as TEXT, reportOffline } from './support/patrol.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { signIn } from './support/staff.ts';

describe('field work', () => {
  const env = useServerAndBrowser();

  for (const lang of LANGS) {
    it(`lists checks to do and sends an offline patrol report once (${lang})`, async () => {
      const text = TEXT[lang];
      const home = DEMO_POINTS[0] as { lat: number; lon: number };
      // A case of grid A resolved by the handler, waiting for the worker's check.
      const handler = await env.server.api<{ user: { id: string } }>('GET', '/api/v1/session', {
        as: 'handler',
      });
      let c = await reportStreetLight(env.server, `Resolved lamp ${lang}`, home);
      c = await act(env.server, 'dispatcher', c, { action: 'register' });
      c = await act(env.server, 'dispatcher', c, {
        action: 'dispatch',
        department: 'street-lighting',
        handler: handler.body.user.id,
      });
      c = await act(env.server, 'handler', c, { action: 'accept' });
      c = await act(env.server, 'handler', c, { action: 'resolve', report: 'Lamp replaced.' });

      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: PHONE,
        geolocation: { latitude: home.lat, longitude: home.lon },
      });
      await signIn(page, 'grid_worker_a', '/field');
      await page.locator('.field-case', { hasText: c.trackingCode }).first().waitFor();
      await waitForText(page.locator('#outbox-title'), text.waiting(0));
      await screenshot(page, 'field', lang);
      await checkA11y(page, `the field page (${lang})`);

      // Offline: the report is kept on the device.
      const description = `Fallen branch on the path (${lang} ${Date.now()})`;
      await context.setOffline(true);
      await reportOffline(page, text, description, home);
      await waitForText(page.locator('.outbox-list'), description, 'contains');
      await screenshot(page, 'field-offline', lang);
      await checkA11y(page, `the field page with a waiting report (${lang})`);

      // Back online: it is sent on its own, once.
      await context.setOffline(false);
      await waitForText(page.locator('#outbox-title'), text.waiting(0));
      const mine = await casesDescribed(env.server, description);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.channel).toBe('field');
      // A reload (the page also sends on load) does not send it again.
      await page.reload();
      await waitForText(page.locator('#outbox-title'), text.waiting(0));
      expect(await casesDescribed(env.server, description)).toHaveLength(1);
      await context.close();
    });
  }
});
