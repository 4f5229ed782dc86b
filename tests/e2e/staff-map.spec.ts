/**
 * The staff map (`/staff/map`): grid cells coloured by open and overdue cases on a canvas,
 * a legend, a table of the cells with open cases (the keyboard and screen-reader way to
 * the same data), and a selected cell's counts with a link to its queue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  DESK,
  LANGS,
  newPage,
  screenshot,
  textOf,
  waitForText,
} from './support/browser.ts';
import { reportStreetLight } from './support/cases.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { signIn } from './support/staff.ts';

const inCellA = DEMO_POINTS.find((p) => p.expectedCode === DEMO_GRID_CODES.a) as {
  lat: number;
  lon: number;
};

const TEXT = {
  'zh-CN': { title: '案件地图', legend: '图例', openQueue: '打开该网格的工作队列', nav: '地图' },
  en: {
    title: 'Cases on the map',
    legend: 'Legend',
    openQueue: "Open this cell's queue",
    nav: 'Map',
  },
} as const;

describe('the staff map', () => {
  const env = useServerAndBrowser();
  beforeAll(async () => {
    await reportStreetLight(env.server, 'Dark lamp on the map, number one.', inCellA);
    await reportStreetLight(env.server, 'Dark lamp on the map, number two.', inCellA);
  });

  for (const lang of LANGS) {
    it(`colours the cells, lists them and links a cell to its queue (${lang})`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'supervisor', '/staff/map');
      await waitForText(page.locator('h1'), text.title);
      // Drawn on a canvas, not as one SVG element per cell.
      await page.locator('[data-testid="cell-map"] canvas').first().waitFor();
      expect(await page.locator('[data-testid="cell-map"] svg path').count()).toBe(0);
      await waitForText(page.locator('#map-legend-title'), text.legend);
      expect(await page.locator('.map-legend li').count()).toBe(6);
      // The nav names the page.
      expect(await page.locator('.site-nav [aria-current="page"]').first().textContent()).toBe(
        text.nav,
      );

      const row = page.locator('.map-view-table tbody tr', { hasText: DEMO_GRID_CODES.a });
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      expect(Number(cells[0])).toBeGreaterThanOrEqual(2);
      await row.getByRole('button').click();
      await waitForText(page.locator('.map-view-detail'), DEMO_GRID_CODES.a, 'contains');
      expect(Number(await textOf(page.getByTestId('cell-open')))).toBeGreaterThanOrEqual(2);
      const link = page.getByRole('link', { name: text.openQueue });
      expect(await link.getAttribute('href')).toBe(`/staff?area=${DEMO_GRID_CODES.a}`);

      await screenshot(page, 'staff-map', lang);
      await checkA11y(page, `the staff map (${lang})`);

      await link.click();
      await page.waitForURL((url) => url.pathname === '/staff' && url.search.includes('area='));
      await context.close();
    });
  }

  it('shows a grid worker the cells outside their scope as such', async () => {
    const { context, page } = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: 'en',
      viewport: DESK,
    });
    await signIn(page, 'grid_worker_a', '/staff/map');
    await page.locator('.map-legend').waitFor();
    // grid_worker_a's scope is one cell: it has no children, so every cell reads as outside.
    await waitForText(page.locator('.map-view-table'), 'No open cases in your cells.', 'contains');
    await context.close();
  });
});
