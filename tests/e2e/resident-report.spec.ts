/**
 * The resident's journey on a phone, without an account: open `/`, set the location on
 * the map (a tap, or the device's location), pick a category by searching, answer its
 * required question, describe, add a photo, give contact with consent, send, get the
 * tracking code, follow it. A lost answer and a retry still make exactly one case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  launchBrowser,
  newPage,
  PHONE,
  screenshot,
  textOf,
  waitForText,
  type Lang,
  type TestBrowser,
} from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

const TEXT = {
  'zh-CN': {
    search: '路灯',
    category: '路灯',
    answer: '夜间不亮',
    give: '留下联系方式',
    consentError: '请勾选同意，或选择匿名上报。',
    kept: '您填写的内容仍保留在页面上',
    follow: '查询此事件进度',
    submitted: '已上报',
    added: '已添加',
    send: '提交上报',
  },
  en: {
    search: 'street light',
    category: 'Street light',
    answer: 'Off at night',
    give: 'Give my contact details',
    consentError: 'Tick the box to agree, or report anonymously.',
    kept: 'Your report is still here',
    follow: 'Follow this case',
    submitted: 'Submitted',
    added: 'Added',
    send: 'Send report',
  },
} as const;

interface Feature {
  properties: { code: string; nameZh: string; nameEn: string };
  geometry: { type: string; coordinates: unknown };
}

const mercatorY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 * Math.log((1 + s) / (1 - s));
};
const latOfMercatorY = (y: number) => ((2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180) / Math.PI;

/**
 * The point at the map's centre once it has fitted the grid cells: Leaflet's `fitBounds`
 * (even padding) centres the bounds' midpoint in Web Mercator.
 */
function fittedCentre(features: Feature[]): { lat: number; lon: number } {
  const points = features.flatMap((f) => (f.geometry.coordinates as number[][][]).flat()) as [
    number,
    number,
  ][];
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return {
    lon: (Math.min(...lons) + Math.max(...lons)) / 2,
    lat: latOfMercatorY((mercatorY(Math.min(...lats)) + mercatorY(Math.max(...lats))) / 2),
  };
}

async function mapReady(page: Page): Promise<void> {
  await page.locator('.area-map canvas').waitFor({ state: 'attached' });
  await page.locator('.map-overlay').waitFor({ state: 'detached' });
  // Let Leaflet finish fitting the view before the test taps it.
  await page.waitForTimeout(300);
}

describe('a resident reports a problem on a phone', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let photo: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    photo = join(mkdtempSync(join(tmpdir(), 'civicgrid-photo-')), 'street-light.png');
    writeFileSync(
      photo,
      await sharp({
        create: { width: 120, height: 90, channels: 3, background: { r: 214, g: 140, b: 52 } },
      })
        .png()
        .toBuffer(),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const journey = async (lang: Lang, how: 'tap' | 'device') => {
    const text = TEXT[lang];
    const home = DEMO_POINTS[0] as (typeof DEMO_POINTS)[number];
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: lang,
      viewport: PHONE,
      geolocation: { latitude: home.lat, longitude: home.lon },
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto('/');
    await mapReady(page);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await screenshot(page, 'report', lang);
    await checkA11y(page, `the report page (${lang})`);

    // Where: a tap at the map's centre lands in the cell the API locates there.
    const cells = await server.api<{ features: Feature[] }>(
      'GET',
      '/api/v1/areas/boundaries?level=grid',
    );
    const centre = fittedCentre(cells.body.features);
    const atCentre = await server.api<{ area: { code: string; nameZh: string; nameEn: string } }>(
      'GET',
      `/api/v1/areas/locate?lat=${centre.lat}&lon=${centre.lon}`,
    );
    expect(atCentre.status).toBe(200);
    const box = await page.locator('.area-map').boundingBox();
    if (!box) throw new Error('the map has no box');
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await waitForText(
      page.locator('.located-name'),
      lang === 'en' ? atCentre.body.area.nameEn : atCentre.body.area.nameZh,
    );
    let expectedCell = atCentre.body.area.code;
    if (how === 'device') {
      await page
        .getByRole('button', { name: lang === 'en' ? 'Use my location' : '使用我的位置' })
        .click();
      const cell = cells.body.features.find((f) => f.properties.code === home.expectedCode);
      if (!cell) throw new Error(`no demo cell ${home.expectedCode}`);
      await waitForText(
        page.locator('.located-name'),
        lang === 'en' ? cell.properties.nameEn : cell.properties.nameZh,
      );
      expectedCell = home.expectedCode;
    }

    // What: search, pick the leaf, answer its required question.
    await page.locator('#report-category').fill(text.search);
    await page.locator('.choice', { hasText: text.category }).first().click();
    await waitForText(page.locator('.chosen-name'), text.category);
    await page.getByRole('radio', { name: text.answer }).check();

    // Describe, with a photo.
    const description = `Lamp dark since Monday (${lang} ${how} ${Date.now()})`;
    await page.locator('#report-description').fill(description);
    await page.locator('#report-photos').setInputFiles(photo);
    await waitForText(page.locator('.photo-badge-done'), text.added);

    // Contact without consent is refused before sending; with consent it goes.
    await page.getByRole('radio', { name: new RegExp(text.give) }).check();
    await page.locator('#report-name').fill('Wang Fang');
    await page.locator('#report-phone').fill('138 0013 8000');
    await page.locator('#report-email').fill('wang.fang@example.com');
    await page.getByRole('button', { name: text.send }).click();
    await waitForText(page.locator('.error-summary'), text.consentError, 'contains');
    await waitForText(page.locator('#report-consent-error'), text.consentError);
    await screenshot(page, 'report-check', lang);
    await checkA11y(page, `the report page with its errors (${lang})`);
    await page.locator('#report-consent').check();

    if (how === 'device') {
      // The first answer is lost on the way back: the case exists, the page shows an error.
      let lost = false;
      await page.route('**/api/v1/cases', async (route) => {
        if (lost) return route.continue();
        lost = true;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.getByRole('button', { name: text.send }).click();
      await waitForText(page.locator('.error-summary'), text.kept, 'contains');
      await page.unroute('**/api/v1/cases');
    }
    await page.getByRole('button', { name: text.send }).click();

    const code = await textOf(page.getByTestId('tracking-code'));
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await screenshot(page, 'report-done', lang);
    await checkA11y(page, `the report's confirmation (${lang})`);

    // Exactly one case carries the code, in the expected cell, with the answer and photo.
    const all = await server.api<{ items: { id: string; trackingCode: string }[] }>(
      'GET',
      '/api/v1/cases?limit=200',
      { as: 'dispatcher' },
    );
    expect(all.body.items.filter((c) => c.trackingCode === code)).toHaveLength(1);
    const id = all.body.items.find((c) => c.trackingCode === code)?.id;
    const reported = await server.api<{
      area: { code: string };
      category: string;
      attributes: Record<string, unknown>;
      reporter: { consent: boolean; anonymous: boolean };
      status: string;
    }>('GET', `/api/v1/cases/${id}`, { as: 'dispatcher' });
    expect(reported.body).toMatchObject({
      area: { code: expectedCell },
      category: 'C0104',
      attributes: { lamp_state: 'off' },
      reporter: { consent: true, anonymous: false },
      status: 'submitted',
    });
    const events = await server.api<{ items: { action: string; attachments: unknown[] }[] }>(
      'GET',
      `/api/v1/cases/${id}/events`,
      { as: 'dispatcher' },
    );
    expect(events.body.items[0]?.attachments).toHaveLength(1);

    // Follow it.
    await page.getByRole('link', { name: text.follow }).click();
    await page.waitForURL(new RegExp(`/track/${code}$`));
    await waitForText(
      page.locator('[aria-current="step"] .status-name'),
      text.submitted,
      'contains',
    );
    expect(errors).toEqual([]);
    await context.close();
  };

  it('taps the map, reports with a photo and contact, and follows the case (zh-CN)', () =>
    journey('zh-CN', 'tap'));

  it('uses the device location; a retry after a lost answer makes one case (en)', () =>
    journey('en', 'device'));
});
