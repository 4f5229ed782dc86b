/**
 * The admin pages (`/staff/admin/<section>`): only administrators may use them. Areas:
 * the tree, the selected area on the map, an area file refused with its problem named,
 * then imported and seen in the tree. Categories: an SLA change validated, saved and
 * still there after a reload. Staff: an account created with a role grant signs in; found
 * by a search (and a search nobody matches says so); a change saved after another admin's
 * is refused with the typed values kept, then reloaded and saved; deactivated, it cannot
 * sign in. Tokens (secret shown once, revoked) and holidays. An axe-core
 * check and a screenshot of every page in both languages.
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
import type { Cookie, Page } from 'playwright-core';
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

const PAGES = {
  'zh-CN': {
    areas: '区域',
    categories: '分类与时限',
    users: '人员与角色',
    settings: '令牌与日历',
    minutesInvalid: '请输入 1 到 525600 之间的整数分钟。',
    own: '本分类',
    noMatch: '没有符合搜索条件的工作人员。',
    conflict: (login: string) => `您打开 ${login} 后，其他人修改了该账号。`,
    change: (login: string) => `修改 ${login}`,
  },
  en: {
    areas: 'Areas',
    categories: 'Categories and deadlines',
    users: 'Staff and roles',
    settings: 'Tokens and calendar',
    minutesInvalid: 'Enter whole minutes from 1 to 525600.',
    own: 'This category',
    noMatch: 'No staff match your search.',
    conflict: (login: string) => `${login} was changed by someone else after you opened it.`,
    change: (login: string) => `Change ${login}`,
  },
} as const;

const DISTRICT = '990102';
const STREET = '990102-001';
const COMMUNITY = '990102-001-001';
const NEW_CELL = '990102-001-001-05';

/** The admin's session cookie: signed in once, as sign-in allows 10 attempts a minute. */
let adminCookies: Cookie[] = [];

/** Opens `path` signed in as the demo admin. */
async function asAdmin(page: Page, path: string): Promise<void> {
  await page.context().addCookies(adminCookies);
  await page.goto(path);
}

/** Opens (if closed) the tree node of `code`. */
async function expand(page: Page, code: string): Promise<void> {
  const toggle = page.locator(`li[data-code="${code}"] > .admin-tree-row .admin-tree-toggle`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator(`li[data-code="${code}"] > .admin-tree-level`).waitFor();
}

describe('the admin page', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: 'en',
      viewport: DESK,
    });
    await signIn(page, 'admin', '/staff/admin');
    adminCookies = await context.cookies();
    await context.close();
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
      await asAdmin(page, '/staff/admin/settings');
      await waitForText(page.locator('h1'), text.title);
      await waitForText(page.locator('h2.admin-section-title'), PAGES[lang].settings);

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

      await screenshot(page, 'admin-settings', lang);
      await checkA11y(page, `the tokens and calendar page (${lang})`);

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
  for (const lang of LANGS) {
    it(`shows the area tree and the selected area on the map (${lang})`, async () => {
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      await asAdmin(page, '/staff/admin/areas');
      await waitForText(page.locator('h2.admin-section-title'), PAGES[lang].areas);
      const nav = page.locator('.admin-nav a[aria-current="page"]');
      await waitForText(nav, PAGES[lang].areas);
      // The admin's district is open; a street opens with a click and lists its communities.
      await page.locator(`li[data-code="${DISTRICT}"] > .admin-tree-level`).waitFor();
      await expand(page, STREET);
      await page.locator(`li[data-code="${COMMUNITY}"] .admin-tree-select`).first().click();
      await page.waitForURL((url) => url.search === `?area=${COMMUNITY}`);
      await waitForText(page.locator('#area-title'), COMMUNITY, 'contains');
      await page.locator('[data-testid="area-map"] canvas').first().waitFor();
      await screenshot(page, 'admin-areas', lang);
      await checkA11y(page, `the areas page (${lang})`);
      // The selected area is linkable: a reload shows it again.
      await page.reload();
      await waitForText(page.locator('#area-title'), COMMUNITY, 'contains');
      await context.close();
    });
  }

  it('refuses a bad area file with its problem named, then imports a good one into the tree', async () => {
    const { context, page } = await newPage(browser.browser, {
      baseURL: server.url,
      locale: 'en',
      viewport: DESK,
    });
    const cell = await server.api<{ boundary: unknown }>('GET', `/api/v1/areas/${COMMUNITY}-01`);
    const feature = (code: string, parentCode: string) => ({
      type: 'Feature',
      properties: { code, parentCode, level: 'grid', nameZh: '新网格', nameEn: 'New cell' },
      geometry: cell.body.boundary,
    });
    const upload = (name: string, file: unknown) =>
      page.setInputFiles('#area-file', {
        name,
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(file)),
      });
    await asAdmin(page, '/staff/admin/areas');

    // Nothing chosen: the field says so.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await waitForText(page.locator('#area-file-error'), 'Choose an area file first.');

    // The browser already sees an open ring and names the feature.
    await upload('broken.geojson', {
      type: 'FeatureCollection',
      features: [
        {
          ...feature(NEW_CELL, COMMUNITY),
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
        },
      ],
    });
    await waitForText(page.getByTestId('import-preview'), `Feature 0 (${NEW_CELL})`, 'contains');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    // The server refuses an unknown parent, names the feature, and imports nothing.
    await upload('orphan.geojson', {
      type: 'FeatureCollection',
      features: [feature(NEW_CELL, COMMUNITY), feature('990102-009-009-01', '990102-009-009')],
    });
    await waitForText(page.getByTestId('import-preview'), 'The file looks right', 'contains');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await waitForText(
      page.getByTestId('import-refused'),
      'feature 1 (990102-009-009-01)',
      'contains',
    );
    expect((await server.api('GET', `/api/v1/areas/${NEW_CELL}`)).status).toBe(404);

    // A good file is imported and the new cell shows in the tree.
    await upload('good.geojson', {
      type: 'FeatureCollection',
      features: [feature(NEW_CELL, COMMUNITY)],
    });
    await waitForText(page.getByTestId('import-preview'), 'good.geojson: 1 area.', 'contains');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await waitForText(page.getByTestId('import-done'), 'Imported: 1 new areas, 0 updated.');
    await expand(page, STREET);
    await expand(page, COMMUNITY);
    await page.locator(`li[data-code="${NEW_CELL}"]`).waitFor();
    await checkA11y(page, 'the areas page after an import');
    await context.close();
  });

  for (const [i, lang] of LANGS.entries()) {
    it(`changes an SLA policy with validation, and it stays saved (${lang})`, async () => {
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      const code = i === 0 ? 'C0101' : 'C0102';
      await asAdmin(page, '/staff/admin/categories');
      await waitForText(page.locator('h2.admin-section-title'), PAGES[lang].categories);
      await expand(page, 'C');
      await expand(page, 'C01');
      await page.locator(`li[data-code="${code}"] .admin-tree-select`).click();
      await page.waitForURL((url) => url.search === `?category=${code}`);
      const row = page.locator('[data-testid="sla-table"] tr[data-priority="normal"]');
      await row.getByRole('button').click();
      const form = page.getByTestId('sla-form');
      await form.locator('#sla-register').fill('0');
      await form.locator('button[type="submit"]').click();
      await waitForText(page.locator('#sla-register-error'), PAGES[lang].minutesInvalid);
      expect(await page.locator('#sla-register').getAttribute('aria-invalid')).toBe('true');
      await form.locator('#sla-register').fill(String(45 + i));
      await form.locator('button[type="submit"]').click();
      await page.getByTestId('sla-saved').waitFor();
      await waitForText(row.locator('td').first(), String(45 + i), 'contains');
      await waitForText(row.locator('td').nth(6), PAGES[lang].own);
      // A routing override inside the admin's areas: an area is required, then it is listed
      // and removed again.
      const routing = page.locator('form:has(#routing-area)');
      await routing.locator('button[type="submit"]').click();
      await page.locator('#routing-area-error').waitFor();
      const cellCode = `${COMMUNITY}-0${i + 1}`;
      await page.locator('#routing-area').fill(cellCode);
      await page.locator('#routing-department').selectOption('urban-management');
      await routing.locator('button[type="submit"]').click();
      const rule = page.locator(`[data-testid="routing-rules"] li[data-area="${cellCode}"]`);
      await rule.waitFor();
      await screenshot(page, 'admin-categories', lang);
      await rule.getByRole('button').click();
      await rule.waitFor({ state: 'detached' });
      await checkA11y(page, `the categories page (${lang})`);
      // Saved on the server: a reload shows it, and the API lists it.
      await page.reload();
      await waitForText(row.locator('td').first(), String(45 + i), 'contains');
      const policies = await server.api<{
        items: { category: string; priority: string; minutes: { register: number } }[];
      }>('GET', '/api/v1/sla-policies', { as: 'admin' });
      expect(
        policies.body.items.find((p) => p.category === code && p.priority === 'normal')?.minutes
          .register,
      ).toBe(45 + i);
      await context.close();
    });
  }

  for (const [i, lang] of LANGS.entries()) {
    it(`creates a staff account that signs in, then deactivates it (${lang})`, async () => {
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      const login = `e2e_worker_${i}`;
      await asAdmin(page, '/staff/admin/users');
      await waitForText(page.locator('h2.admin-section-title'), PAGES[lang].users);
      await page.locator('[data-testid="users"] tr[data-login="dispatcher"]').waitFor();

      // Validation in the browser: nothing is sent.
      const form = page.getByTestId('create-user');
      await form.locator('button[type="submit"]').click();
      await page.locator('#new-login-error').waitFor();
      await page.locator('#new-password-error').waitFor();
      await page.locator('#new-area-0-error').waitFor();

      await page.locator('#new-login').fill(login);
      await page.locator('#new-name').fill(`E2E Worker ${lang}`);
      await page.locator('#new-password').fill('a-long-password');
      await page.locator('#new-role-0').selectOption('grid_worker');
      await page.locator('#new-area-0').fill(`${COMMUNITY}-0${i + 1}`);
      // A second grant on another cell.
      await form.getByRole('button', { name: lang === 'en' ? 'Add a role' : '添加角色' }).click();
      await page.locator('#new-role-1').selectOption('volunteer');
      await page.locator('#new-area-1').fill(`${COMMUNITY}-0${i + 2}`);
      await form.locator('button[type="submit"]').click();
      await page.getByTestId('user-created').waitFor();
      const row = page.locator(`[data-testid="users"] tr[data-login="${login}"]`);
      await waitForText(row, `${COMMUNITY}-0${i + 1}`, 'contains');
      await screenshot(page, 'admin-users', lang);
      await checkA11y(page, `the staff page (${lang})`);

      // Search: a search nobody matches says so; the login, in capitals, finds the account only.
      const search = page.getByTestId('user-search');
      await page.locator('#users-q').fill('nobody_%_here');
      await search.locator('button[type="submit"]').click();
      await page.getByText(PAGES[lang].noMatch).waitFor();
      await page.locator('#users-q').fill(login.toUpperCase());
      await search.locator('button[type="submit"]').click();
      await row.waitFor();
      expect(await page.locator('[data-testid="users"] tbody tr').count()).toBe(1);

      // Another admin saves the account while this one edits it: the change is refused,
      // what was typed stays, and a reload shows the other admin's change.
      await row.getByRole('button', { name: PAGES[lang].change(login) }).click();
      const edit = page.getByTestId('edit-user');
      const name = page.locator(`#edit-${login}-name`);
      await name.fill(`Mine ${lang}`);
      const listed = await server.api<{ items: { id: string; version: number }[] }>(
        'GET',
        `/api/v1/users?q=${login}`,
        { as: 'admin' },
      );
      const account = listed.body.items[0];
      const theirs = await server.api('PATCH', `/api/v1/users/${account?.id}`, {
        as: 'admin',
        body: { version: account?.version, displayName: `Theirs ${lang}` },
      });
      expect(theirs.status).toBe(200);
      await edit.locator('button[type="submit"]').click();
      const conflict = page.getByTestId('user-conflict');
      await waitForText(conflict, PAGES[lang].conflict(login), 'contains');
      expect(await name.inputValue()).toBe(`Mine ${lang}`);
      await screenshot(page, 'admin-users-conflict', lang);
      await conflict.getByRole('button').click();
      for (let i = 0; i < 100 && (await name.inputValue()) !== `Theirs ${lang}`; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await name.inputValue()).toBe(`Theirs ${lang}`);
      await name.fill(`Mine again ${lang}`);
      await edit.locator('button[type="submit"]').click();
      await waitForText(row, `Mine again ${lang}`, 'contains');

      // The new account signs in.
      const other = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
        viewport: DESK,
      });
      await other.page.goto('/signin?next=%2Fstaff');
      await other.page.locator('#signin-login').first().fill(login);
      await other.page.locator('#signin-password').fill('a-long-password');
      await other.page.locator('form button[type="submit"]').click();
      await other.page.waitForURL((url) => url.pathname === '/staff');
      await other.context.close();

      // Deactivated (confirmed), it is marked and can no longer sign in.
      page.once('dialog', (dialog) => void dialog.accept());
      await row
        .getByRole('button', { name: new RegExp(lang === 'en' ? 'Deactivate' : '停用') })
        .click();
      await waitForText(row, lang === 'en' ? 'Deactivated' : '已停用', 'contains');
      const refused = await server.api('POST', '/api/v1/session', {
        body: { login, password: 'a-long-password' },
      });
      expect(refused.status).toBe(401);
      await context.close();
    });
  }
});
