/**
 * Grid cells chosen with the keyboard alone. On the staff map: Enter on the focused map
 * picks the cell at the centre, the arrow keys move to the neighbouring cell (the list of
 * cells beside the map follows), and the list's search and arrow keys select a cell on the
 * map. On the report page: the grid cell chosen from a list puts the pin in that cell.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  DESK,
  LANGS,
  newPage,
  PHONE,
  screenshot,
  waitForText,
} from './support/browser.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { signIn } from './support/staff.ts';

const TEXT = {
  'zh-CN': { fromList: '从列表中选择网格', detail: '选择网格' },
  en: { fromList: 'Choose the grid cell from a list', detail: 'Choose a cell' },
} as const;

interface Boundaries {
  features: { properties: { code: string; nameZh: string; nameEn: string } }[];
}

/** Waits until the listbox's value is something other than `not`, and returns it. */
async function valueChanged(page: Page, selector: string, not: string): Promise<string> {
  const until = Date.now() + 10_000;
  let value = not;
  while (Date.now() < until && value === not) {
    value = await page.locator(selector).inputValue();
    if (value === not) await new Promise((r) => setTimeout(r, 100));
  }
  return value;
}

describe('grid cells by keyboard', () => {
  const env = useServerAndBrowser();
  let names: Map<string, { nameZh: string; nameEn: string }>;
  beforeAll(async () => {
    const cells = await env.server.api<Boundaries>('GET', '/api/v1/areas/boundaries?level=grid');
    names = new Map(cells.body.features.map((f) => [f.properties.code, f.properties]));
  });

  for (const lang of LANGS) {
    const nameOf = (code: string) => {
      const cell = names.get(code);
      return cell ? (lang === 'en' ? cell.nameEn : cell.nameZh) : code;
    };

    it(`moves between cells on the staff map with arrow keys and the list (${lang})`, async () => {
      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'supervisor', '/staff/map');
      await page.locator('[data-testid="cell-map"] canvas').first().waitFor();
      const list = '#map-cell-list';
      expect(await page.locator(list).inputValue()).toBe('');

      // Enter on the focused map picks the cell at its centre; the list shows it selected.
      await page.locator('[data-testid="cell-map"]').focus();
      await page.keyboard.press('Enter');
      const first = await valueChanged(page, list, '');
      await waitForText(page.locator('#map-detail-title'), nameOf(first));

      // Each arrow moves to a neighbouring cell, and back again.
      await page.keyboard.press('ArrowRight');
      const east = await valueChanged(page, list, first);
      expect(east).not.toBe(first);
      await waitForText(page.locator('#map-detail-title'), nameOf(east));
      await page.keyboard.press('ArrowLeft');
      expect(await valueChanged(page, list, east)).toBe(first);
      await page.keyboard.press('ArrowDown');
      const south = await valueChanged(page, list, first);
      expect(south).not.toBe(first);
      await page.keyboard.press('ArrowUp');
      expect(await valueChanged(page, list, south)).toBe(first);

      // The list: search by code, then the arrow keys select; the map's detail follows.
      await page.locator(`${list}-search`).fill(DEMO_GRID_CODES.b);
      await page.locator(list).focus();
      await page.keyboard.press('ArrowDown');
      expect(await valueChanged(page, list, first)).toBe(DEMO_GRID_CODES.b);
      await waitForText(page.locator('.map-view-detail'), DEMO_GRID_CODES.b, 'contains');
      await waitForText(page.locator('#map-detail-title'), nameOf(DEMO_GRID_CODES.b));
      await screenshot(page, 'staff-map-keyboard', lang);
      await checkA11y(page, `the staff map with a cell chosen by keyboard (${lang})`);
      await context.close();
    });

    it(`puts the report's pin in a cell chosen from a list (${lang})`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: PHONE,
      });
      await page.goto('/');
      const summary = page.locator('summary', { hasText: text.fromList });
      await summary.focus();
      await page.keyboard.press('Enter');
      await page.locator('#report-cell-list-search').fill(DEMO_GRID_CODES.a);
      await page.locator('#report-cell-list').focus();
      await page.keyboard.press('ArrowDown');
      expect(await valueChanged(page, '#report-cell-list', '')).toBe(DEMO_GRID_CODES.a);
      // The pin is in that cell: the page names the cell it found there.
      await waitForText(page.locator('.located-name'), nameOf(DEMO_GRID_CODES.a));
      await screenshot(page, 'report-cell-list', lang);
      await checkA11y(page, `the report page with a cell chosen from a list (${lang})`);
      await context.close();
    });
  }
});
