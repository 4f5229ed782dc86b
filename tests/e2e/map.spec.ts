/**
 * The report map: base tiles only from the configured tile URL, cells on a plain
 * background without one; a point outside every area is explained; the keyboard way to
 * set the point (move the map, put the pin at its centre) works.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  newPage,
  PHONE,
  screenshot,
  waitForText,
  type TestBrowser,
} from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

const TILES = 'https://tiles.example.test/{z}/{x}/{y}.png';

describe('the report map', () => {
  let plain: TestServer;
  let tiled: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    plain = await startServer();
    tiled = await startServer({ CIVICGRID_TILE_URL: TILES });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await plain?.close();
    await tiled?.close();
  });

  it('draws base tiles from CIVICGRID_TILE_URL, and none without it', async () => {
    const tile = await sharp({
      create: { width: 256, height: 256, channels: 3, background: { r: 230, g: 236, b: 226 } },
    })
      .png()
      .toBuffer();
    const { context, page } = await newPage(browser.browser, {
      baseURL: tiled.url,
      locale: 'en',
      viewport: PHONE,
    });
    const requested: string[] = [];
    await page.route('https://tiles.example.test/**', (route) => {
      requested.push(new URL(route.request().url()).pathname);
      return route.fulfill({ status: 200, contentType: 'image/png', body: tile });
    });
    await page.goto('/');
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.every((p) => /^\/\d+\/\d+\/\d+\.png$/.test(p))).toBe(true);
    await waitForText(page.locator('.leaflet-control-attribution'), 'tiles.example.test');
    await context.close();

    const bare = await newPage(browser.browser, {
      baseURL: plain.url,
      locale: 'en',
      viewport: PHONE,
    });
    const outside: string[] = [];
    bare.page.on('request', (r) => {
      if (!r.url().startsWith(plain.url)) outside.push(r.url());
    });
    await bare.page.goto('/');
    await bare.page.locator('.area-map canvas').waitFor({ state: 'attached' });
    await bare.page.locator('.map-overlay').waitFor({ state: 'detached' });
    expect(await bare.page.locator('.leaflet-tile').count()).toBe(0);
    expect(outside).toEqual([]);
    await bare.context.close();
  });

  it('explains a point outside every area, and takes the map centre from the keyboard', async () => {
    const { context, page } = await newPage(browser.browser, {
      baseURL: plain.url,
      locale: 'zh-CN',
      viewport: PHONE,
    });
    await page.goto('/');
    await page.locator('.area-map canvas').waitFor({ state: 'attached' });
    await page.locator('.map-overlay').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);

    // The map's corner is outside the district.
    const box = await page.locator('.area-map').boundingBox();
    if (!box) throw new Error('the map has no box');
    await page.touchscreen.tap(box.x + 4, box.y + box.height - 4);
    await waitForText(page.locator('.located'), '此位置不在服务范围内', 'contains');
    await screenshot(page, 'report-outside', 'zh-CN');

    // Keyboard: focus the map, move it with the arrow keys, put the pin at its centre.
    await page.locator('.area-map').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.getByRole('button', { name: '将图钉放在地图中心' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.located-name').waitFor();
    expect(await page.locator('.located-name').textContent()).toMatch(/社区第\d网格$/);
    await context.close();
  });
});
