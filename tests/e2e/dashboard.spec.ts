/**
 * The dashboard (`/staff/dashboard`): headline indicators with numerators and
 * denominators, the daily trend and categories drawn by a lazily loaded ECharts with
 * tables as text alternatives, areas ranked by open cases, the overdue list, departments
 * ranked by a chosen measure (chart, table, empty state for a scope without dispatched
 * cases), and a period that validates.
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
import { act, closeCase, reportStreetLight } from './support/cases.ts';
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
    departments: '部门排名',
    rankBy: '排名依据',
    byAssigned: '派遣案件数',
    lighting: '云河区路灯管理所',
    power: '明川供电公司云河供电中心',
    noDepartments: '本区域本期没有派遣给部门的案件。',
  },
  en: {
    title: 'Dashboard',
    reported: 'Reported',
    last7: 'Last 7 days',
    from: 'From',
    order: '“From” must not be after “To”.',
    table: 'Show as a table',
    departments: 'Departments ranked',
    rankBy: 'Rank by',
    byAssigned: 'Cases assigned',
    lighting: 'Street Lighting Office',
    power: 'Power Supply Company, Yunhe Centre',
    noDepartments: 'No case was dispatched to a department in this area and period.',
  },
} as const;

describe('the dashboard', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const reported = [];
    for (const [i, point] of DEMO_POINTS.slice(0, 3).entries())
      reported.push(
        await reportStreetLight(server, `Dashboard lamp number ${i + 1} is dark.`, point),
      );
    // Cell A's lamp is handled by the lighting office and closed; the third one (another
    // cell of the same community) goes to the power company and stays open; cell B's
    // report is not dispatched, so grid_worker_b's scope has no department figures.
    await closeCase(server, reported[0] as (typeof reported)[number], {
      comment: 'Lamp checked.',
      answer: 'The lamp was replaced.',
    });
    const third = await act(server, 'dispatcher', reported[2] as (typeof reported)[number], {
      action: 'register',
    });
    await act(server, 'dispatcher', third, { action: 'dispatch', department: 'power-supply' });
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

      // Departments ranked: the lighting office handled on time (rank 1) and is drawn; the
      // power company has handled nothing yet, so it is listed without a rank.
      const departments = page.getByTestId('departments');
      await waitForText(departments.locator('h2'), text.departments);
      await page.locator('[data-testid="departments-chart"] canvas').waitFor();
      await departments.getByText(text.table).click();
      const departmentRows = departments.locator('tbody tr');
      await waitForText(departmentRows.first().locator('th'), text.lighting);
      expect(await departmentRows.first().locator('td').first().textContent()).toBe('1');
      await waitForText(departmentRows.nth(1).locator('th'), text.power);
      expect(await departmentRows.nth(1).locator('td').first().textContent()).toBe('—');
      // Ranked by cases assigned, both have one: both ranked 1.
      await departments.getByLabel(text.rankBy).selectOption({ label: text.byAssigned });
      await waitForText(departmentRows.nth(1).locator('td').first(), '1');

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

    it(`says so when no case was dispatched in the scope (${lang})`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'grid_worker_b', '/staff/dashboard');
      await waitForText(page.getByTestId('departments-empty'), text.noDepartments);
      expect(await page.locator('[data-testid="departments-chart"]').count()).toBe(0);
      await context.close();
    });
  }
});
