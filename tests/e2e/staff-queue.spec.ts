/**
 * The desk work queue: filters narrow the list, counts and badges show, a row opens the
 * case, and bulk dispatch of registered cases reports each case's outcome — a case
 * someone else changed first is named as such (409), the rest are dispatched.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  DESK,
  LANGS,
  newPage,
  screenshot,
  textOf,
  waitForText,
} from './support/browser.ts';
import { act, reportStreetLight } from './support/cases.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { signIn } from './support/staff.ts';

const TEXT = {
  'zh-CN': {
    title: '事件列表',
    status: '状态',
    registered: '已立案',
    apply: '筛选',
    department: '承办部门',
    dispatched: '已派遣',
    conflict: '未派遣：此事件已被他人修改',
    search: '搜索文字',
  },
  en: {
    title: 'Cases',
    status: 'Status',
    registered: 'Registered',
    apply: 'Apply filters',
    department: 'Department',
    dispatched: 'dispatched',
    conflict: 'not dispatched: someone changed this case',
    search: 'Search text',
  },
} as const;

describe('staff work queue', () => {
  const env = useServerAndBrowser();

  for (const lang of LANGS) {
    it(`filters, opens a case and dispatches in bulk (${lang})`, async () => {
      const text = TEXT[lang];
      const tag = `q${lang.replace('-', '')}${Date.now()}`;
      const a = await reportStreetLight(env.server, `Lamp A ${tag}`, DEMO_POINTS[0]);
      const b = await reportStreetLight(env.server, `Lamp B ${tag}`, DEMO_POINTS[1]);
      const c = await reportStreetLight(env.server, `Lamp C ${tag}`, DEMO_POINTS[2]);
      const ra = await act(env.server, 'dispatcher', a, { action: 'register' });
      const rb = await act(env.server, 'dispatcher', b, { action: 'register' });

      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'dispatcher');
      await waitForText(page.locator('h1'), text.title);
      await page.locator('.case-table tbody tr').first().waitFor();
      await waitForText(page.locator('.queue-counts'), text.registered, 'contains');

      // Text search narrows to this test's three cases; then status narrows to two.
      await page.getByLabel(text.search).fill(tag);
      await page.getByRole('button', { name: text.apply, exact: true }).click();
      await expectRows(page, 3);
      await page.getByLabel(text.status, { exact: true }).selectOption('registered');
      await page.getByRole('button', { name: text.apply, exact: true }).click();
      await expectRows(page, 2);
      const table = await textOf(page.locator('.case-table'));
      expect(table).toContain(a.trackingCode);
      expect(table).toContain(b.trackingCode);
      expect(table).not.toContain(c.trackingCode);
      await screenshot(page, 'staff-queue', lang);
      await checkA11y(page, `the work queue (${lang})`);

      // Someone dispatches B elsewhere first: the page still holds B's old version.
      await act(env.server, 'dispatcher', rb, {
        action: 'dispatch',
        department: 'street-lighting',
      });
      for (const row of [ra, rb]) {
        await page.locator(`input.row-select[aria-label*="${row.trackingCode}"]`).check();
      }
      await page.getByLabel(text.department).selectOption('street-lighting');
      await page.locator('.queue-bulk-form button[type="submit"]').click();
      await page.locator('.queue-bulk-results li').nth(1).waitFor();
      const results = await textOf(page.locator('.queue-bulk-results'));
      expect(results).toContain(`${a.trackingCode} ${text.dispatched}`);
      expect(results).toContain(`${b.trackingCode} ${text.conflict}`);
      await screenshot(page, 'staff-queue-bulk', lang);
      await checkA11y(page, `the work queue after bulk dispatch (${lang})`);

      const after = await env.server.api<{ status: string; department: { code: string } }>(
        'GET',
        `/api/v1/cases/${a.id}`,
        { as: 'dispatcher' },
      );
      expect(after.body.status).toBe('dispatched');
      expect(after.body.department.code).toBe('street-lighting');
      // The list refreshed: with the registered filter, nothing of this test is left.
      await page.locator('.card.muted, .case-table').first().waitFor();
      await waitForNoRow(page, a.trackingCode);

      // A row opens its case.
      await page
        .getByRole('button', { name: lang === 'en' ? 'Clear filters' : '清除筛选' })
        .click();
      await page
        .locator('.case-table tbody tr', { hasText: c.trackingCode })
        .locator('td')
        .nth(2)
        .click();
      await page.waitForURL(new RegExp(`/staff/cases/${c.id}$`));
      await waitForText(page.locator('h1'), `Lamp C ${tag}`, 'contains');
      await context.close();
    });
  }
});

async function expectRows(page: Page, n: number): Promise<void> {
  const until = Date.now() + 10_000;
  let seen = -1;
  while (Date.now() < until) {
    seen = await page.locator('.case-table tbody tr').count();
    if (seen === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${n} rows, saw ${seen}`);
}

async function waitForNoRow(page: Page, code: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if ((await page.locator('.case-table tbody tr', { hasText: code }).count()) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${code} is still listed`);
}
