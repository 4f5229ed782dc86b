/**
 * The admin page (`/staff/admin`): only administrators may use it; tokens are created
 * with the secret shown once and revoked; holidays are added and removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { startServer, type TestServer } from './support/server.ts';
import { signIn } from './support/staff.ts';

const TEXT = {
  'zh-CN': {
    title: '系统管理',
    notAllowed: '此页面仅限管理员使用。如需修改，请联系管理员。',
    tokenName: '令牌名称',
    create: '创建令牌',
    nameRequired: '请输入令牌名称。',
    revoke: '吊销',
    date: '日期',
    name: '名称',
    save: '保存',
    remove: '删除',
    holiday: '节假日',
  },
  en: {
    title: 'Administration',
    notAllowed:
      'This page is for administrators only. Ask an administrator if you need a change here.',
    tokenName: 'Token name',
    create: 'Create token',
    nameRequired: 'Enter a name for the token.',
    revoke: 'Revoke',
    date: 'Date',
    name: 'Name',
    save: 'Save day',
    remove: 'Remove',
    holiday: 'Holiday',
  },
} as const;

describe('the admin page', () => {
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

  it('tells a dispatcher it is not for them', async () => {
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: 'en',
      viewport: DESK,
    });
    await signIn(page, 'dispatcher', '/staff/admin');
    await waitForText(page.getByTestId('not-allowed'), TEXT.en.notAllowed);
    expect(await page.locator('.site-nav a[href="/staff/admin"]').count()).toBe(0);
    await context.close();
  });

  for (const [i, lang] of LANGS.entries()) {
    it(`creates and revokes a token, adds and removes a holiday (${lang})`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'admin', '/staff/admin');
      await waitForText(page.locator('h1'), text.title);

      // Tokens: a missing name is explained; the secret shows once.
      await page.getByRole('button', { name: text.create }).click();
      await waitForText(page.locator('#token-name-error'), text.nameRequired);
      expect(await page.locator('#token-name').getAttribute('aria-invalid')).toBe('true');
      const tokenName = `e2e token ${lang}`;
      await page.getByLabel(text.tokenName).fill(tokenName);
      await page.getByRole('button', { name: text.create }).click();
      await page.getByTestId('token-secret').waitFor();
      const secret = (await page.locator('.admin-secret').textContent()) ?? '';
      expect(secret.length).toBeGreaterThan(16);
      const row = page.locator('[data-testid="tokens"] tbody tr', { hasText: tokenName });
      await row.waitFor();

      // Calendar: a date is required; a holiday is added.
      await page.getByRole('button', { name: text.save }).click();
      await page.locator('#calendar-date-error').waitFor();
      const day = `2031-12-${String(24 + i).padStart(2, '0')}`;
      await page.getByLabel(text.date, { exact: false }).first().fill(day);
      await page.locator('#calendar-name').fill(`E2E day ${lang}`);
      await page.getByRole('button', { name: text.save }).click();
      const dayRow = page.locator('[data-testid="calendar-days"] tbody tr', {
        hasText: `E2E day ${lang}`,
      });
      await dayRow.waitFor();
      expect(await dayRow.locator('td').first().textContent()).toBe(text.holiday);

      await screenshot(page, 'admin', lang);
      await checkA11y(page, `the admin page (${lang})`);

      // Revoke the token (confirmed), remove the holiday.
      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button').click();
      await row.getByRole('button').waitFor({ state: 'detached' });
      await dayRow.getByRole('button').click();
      await dayRow.waitFor({ state: 'detached' });
      // The secret is not shown again after reloading.
      await page.reload();
      await page.locator('[data-testid="tokens"]').waitFor();
      expect(await page.getByTestId('token-secret').count()).toBe(0);
      await context.close();
    });
  }
});
