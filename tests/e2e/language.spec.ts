/** The language follows the browser at first, switches zh-CN ⇄ en, and survives a reload. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  LANGS,
  launchBrowser,
  newPage,
  screenshot,
  textOf,
  waitForText,
  type TestBrowser,
} from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

describe('language switch', () => {
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

  it('starts in the browser language and remembers the reader’s choice', async () => {
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: 'zh-CN',
    });
    await page.goto('/');
    await waitForText(page.locator('h1'), '上报问题');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.title()).toContain('上报问题');
    expect(await textOf(page.getByRole('button', { name: '使用我的位置' }))).toBe('使用我的位置');

    await page.getByRole('button', { name: 'English' }).click();
    await waitForText(page.locator('h1'), 'Report a problem');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await waitForText(page.getByRole('navigation'), 'Track a case', 'contains');
    expect(await page.title()).toContain('Report a problem');

    await page.reload();
    await waitForText(page.locator('h1'), 'Report a problem');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Other pages follow, and switching back sticks as well.
    await page.getByRole('link', { name: 'Track a case' }).click();
    await waitForText(page.locator('h1'), 'Track a case');
    await page.getByRole('button', { name: '中文' }).click();
    await waitForText(page.locator('h1'), '查询进度');
    await page.reload();
    await waitForText(page.locator('h1'), '查询进度');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await context.close();
  });

  it('answers an unknown address with a page in the reader’s language', async () => {
    for (const lang of LANGS) {
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
      });
      await page.goto('/no/such/page');
      await waitForText(page.locator('h1'), lang === 'en' ? 'Page not found' : '页面不存在');
      await screenshot(page, 'not-found', lang);
      await checkA11y(page, `the not-found page (${lang})`);
      await context.close();
    }
  });

  it('opens in English for an English browser', async () => {
    const { context, page } = await newPage(browser.browser, { baseURL: server.url, locale: 'en' });
    await page.goto('/track');
    await waitForText(page.locator('h1'), 'Track a case');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });
});
