/**
 * Staff sign-in: a wrong password is explained; the dispatcher signs in, lands on the
 * staff page and sees the cases of the district; signing out ends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  DESK,
  launchBrowser,
  LANGS,
  newPage,
  PHONE,
  screenshot,
  textOf,
  waitForText,
  type TestBrowser,
} from './support/browser.ts';
import { reportStreetLight } from './support/cases.ts';
import { startServer, type TestServer } from './support/server.ts';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';

const TEXT = {
  'zh-CN': {
    login: '账号',
    password: '密码',
    submit: '登录',
    wrong: '账号或密码错误。',
    queue: '事件列表',
    submitted: '已上报',
    signOut: '退出登录',
    signIn: '工作人员登录',
  },
  en: {
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'The login or password is wrong.',
    queue: 'Cases',
    submitted: 'Submitted',
    signOut: 'Sign out',
    signIn: 'Staff sign-in',
  },
} as const;

describe('staff sign-in', () => {
  let server: TestServer;
  let browser: TestBrowser;
  const codes: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const [i, point] of DEMO_POINTS.slice(0, 3).entries()) {
      codes.push(
        (await reportStreetLight(server, `Dark lamp number ${i + 1}.`, point)).trackingCode,
      );
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of LANGS) {
    it(`explains a wrong password, then shows the dispatcher the cases (${lang})`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      // The staff page sends a signed-out reader to sign in first.
      await page.goto('/staff');
      await page.waitForURL(/\/signin\?next=%2Fstaff$/);
      await page.getByLabel(text.login).fill('dispatcher');
      await page.getByLabel(text.password).fill('not-the-password');
      await page.getByRole('button', { name: text.submit, exact: true }).click();
      await waitForText(page.locator('[role="alert"]'), text.wrong);
      await screenshot(page, 'signin', lang);
      await checkA11y(page, `the sign-in page (${lang})`);

      await page.getByLabel(text.password).fill('demo-password');
      await page.getByRole('button', { name: text.submit, exact: true }).click();
      await page.waitForURL(/\/staff$/);
      await waitForText(page.locator('h1'), text.queue);
      await page.locator('.case-table tbody tr').first().waitFor();
      const rows = page.locator('.case-table tbody tr');
      expect(await rows.count()).toBe(3);
      const table = await textOf(page.locator('.case-table'));
      for (const code of codes) expect(table).toContain(code);
      expect(table).toContain(text.submitted);
      expect(table).toContain(lang === 'en' ? "Liu'an Grid 1" : '柳岸社区第1网格');
      await screenshot(page, 'staff', lang);
      await checkA11y(page, `the staff page (${lang})`);

      await page.getByRole('button', { name: text.signOut }).click();
      await page.waitForURL(/\/signin$/);
      await waitForText(page.locator('h1'), text.signIn);
      await page.goto('/staff');
      await page.waitForURL(/\/signin\?next=/);
      await context.close();
    });
  }

  it('shows the case list as cards on a phone', async () => {
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: 'zh-CN',
      viewport: PHONE,
    });
    await page.goto('/signin');
    await page.getByLabel('账号').fill('grid_worker_a');
    await page.getByLabel('密码').fill('demo-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/staff$/);
    await page.locator('.case-table tbody tr').first().waitFor();
    // Grid worker A sees only its own cell: the first demo point's case.
    expect(await page.locator('.case-table tbody tr').count()).toBe(1);
    await screenshot(page, 'staff-phone', 'zh-CN');
    await checkA11y(page, 'the staff page on a phone');
    await context.close();
  });
});
