/**
 * The dashboard (`/staff/dashboard`): headline indicators with numerators and
 * denominators, the daily trend and categories drawn by a lazily loaded ECharts with
 * tables as text alternatives, areas ranked by open cases, the overdue list, and a period
 * that validates.
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
import { reportStreetLight } from './support/cases.ts';
import { startServer, type TestServer } from './support/server.ts';
import { signIn } from './support/staff.ts';

const TEXT = {
  'zh-CN': {
    title: '统计概览',
    reported: '上报数',
    last7: '最近 7 天',
    from: '开始日期',
    order: '开始日期不能晚于结束日期。',
    table: '以表格显示',
  },
  en: {
    title: 'Dashboard',
    reported: 'Reported',
    last7: 'Last 7 days',
    from: 'From',
    order: '“From” must not be after “To”.',
    table: 'Show as a table',
  },
} as const;

describe('the dashboard', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const [i, point] of DEMO_POINTS.slice(0, 3).entries())
      await reportStreetLight(server, `Dashboard lamp number ${i + 1} is dark.`, point);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of LANGS) {
    it(`shows the indicators, charts with tables and the ranking (${lang})`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      await page.goto('/');
      await page.locator('h1').waitFor();
      // ECharts is not part of the resident page's load.
      expect(scripts.some((s) => /echarts/i.test(s))).toBe(false);

      await signIn(page, 'supervisor', '/staff/dashboard');
      await waitForText(page.locator('h1'), text.title);
      await page.getByTestId('headline').waitFor();
      // Rates carry their numerator and denominator.
      expect(await page.locator('.dashboard-figure-detail').count()).toBeGreaterThanOrEqual(3);
      // Charts are drawn (ECharts loaded on demand) and have tables.
      await page.locator('[data-testid="trend-chart"] canvas').waitFor();
      await page.locator('[data-testid="category-chart"] canvas').waitFor();
      expect(scripts.some((s) => /echarts/i.test(s))).toBe(true);
      const trendSection = page.locator('section[aria-labelledby="trend-title"]');
      await trendSection.getByText(text.table).click();
      const reportedToday = await trendSection
        .locator('tbody tr')
        .last()
        .locator('td')
        .first()
        .textContent();
      expect(Number(reportedToday)).toBeGreaterThanOrEqual(3);
      await page.getByTestId('ranked').waitFor();
      expect(await page.locator('[data-testid="ranked"] tbody tr').count()).toBeGreaterThan(0);
      await page.getByTestId('overdue-empty').waitFor();

      await screenshot(page, 'dashboard', lang);
      await checkA11y(page, `the dashboard (${lang})`);

      // A preset applies at once; a reversed period is explained and not sent.
      await page.getByRole('button', { name: text.last7 }).click();
      expect(
        await page.getByRole('button', { name: text.last7 }).getAttribute('aria-pressed'),
      ).toBe('true');
      await page.getByLabel(text.from).fill('2099-01-01');
      await page.locator('.dashboard-period button[type="submit"]').click();
      await waitForText(page.locator('#period-from-error'), text.order);
      await context.close();
    });
  }
});
