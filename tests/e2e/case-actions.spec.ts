/**
 * The case page: summary, map and timeline; a possible duplicate nearby shown side by side
 * and rejected as such; a step taken through its form (with validation); and a 409 when
 * someone else changed the case first, shown and reloaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  DESK,
  launchBrowser,
  LANGS,
  newPage,
  screenshot,
  waitForText,
  type TestBrowser,
} from './support/browser.ts';
import { act, reportStreetLight } from './support/cases.ts';
import { startServer, type TestServer } from './support/server.ts';
import { signIn } from './support/staff.ts';

const TEXT = {
  'zh-CN': {
    register: '立案',
    comment: '备注',
    registered: '已立案',
    rejected: '不予受理',
    required: '请填写此项。',
    conflict: '此事件已被他人修改，已重新加载。',
    reject: '作为',
    timeline: '处理过程',
  },
  en: {
    register: 'Register',
    comment: 'Comment',
    registered: 'Registered',
    rejected: 'Rejected',
    required: 'Fill this in.',
    conflict: 'Someone changed this case — reloaded.',
    reject: 'Reject as duplicate of',
    timeline: 'Timeline',
  },
} as const;

describe('case page', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of LANGS) {
    it(`shows duplicates, takes a step, explains a conflict (${lang})`, async () => {
      const text = TEXT[lang];
      const home = DEMO_POINTS[0] as { lat: number; lon: number };
      const first = await reportStreetLight(server, `First dark lamp ${lang}`, home);
      const second = await reportStreetLight(server, `Same lamp again ${lang}`, {
        lat: home.lat + 0.0002,
        lon: home.lon,
      });
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'dispatcher', `/staff/cases/${second.id}`);
      await waitForText(page.locator('h1'), `Same lamp again ${lang}`, 'contains');
      await page.locator('.dup-item', { hasText: first.trackingCode }).waitFor();
      await page.locator('.timeline li').first().waitFor();
      await page.locator('.area-map').waitFor();
      await screenshot(page, 'case-page', lang);
      await checkA11y(page, `the case page (${lang})`);

      // Reject the second as a duplicate of the first: the form comes filled in.
      await page
        .getByRole('button', { name: new RegExp(`${text.reject}.*${first.trackingCode}`) })
        .click();
      await page.locator('#dup-title ~ form button[type="submit"]').click();
      const until = Date.now() + 10_000;
      let status = '';
      while (Date.now() < until && status !== 'rejected') {
        status = (
          await server.api<{ status: string }>('GET', `/api/v1/cases/${second.id}`, {
            as: 'dispatcher',
          })
        ).body.status;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe('rejected');

      // Register the first through its form; an empty comment is refused before sending.
      await page.goto(`/staff/cases/${first.id}`);
      await page.getByRole('button', { name: text.register, exact: true }).click();
      await page.locator('#action-panel button[type="submit"]').click();
      await page.locator('.badge', { hasText: text.registered }).first().waitFor();
      await page.getByRole('button', { name: text.comment, exact: true }).click();
      await page.locator('#action-panel button[type="submit"]').click();
      await waitForText(page.locator('#act-comment-text-error'), text.required);

      // Someone dispatches it elsewhere: the page's version is stale, the comment gets 409.
      const now = await server.api<{
        id: string;
        version: number;
        trackingCode: string;
        status: string;
      }>('GET', `/api/v1/cases/${first.id}`, { as: 'dispatcher' });
      await act(server, 'dispatcher', now.body, {
        action: 'dispatch',
        department: 'street-lighting',
      });
      await page.locator('#act-comment-text').fill('Checked with the caller.');
      await page.locator('#action-panel button[type="submit"]').click();
      await waitForText(page.locator('#action-panel [role="alert"]'), text.conflict, 'contains');
      await screenshot(page, 'case-conflict', lang);
      await checkA11y(page, `the case page after a conflict (${lang})`);
      await context.close();
    });
  }
});
