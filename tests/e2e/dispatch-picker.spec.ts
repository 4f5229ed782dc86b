/**
 * Dispatching to a handler chosen by name: on the case page the dispatcher picks the lead
 * department, narrows its handlers by typing part of a name, chooses one from the list with
 * the keyboard, and the case page then names the handler; bulk dispatch in the work queue
 * takes a handler the same way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  DESK,
  LANGS,
  newPage,
  screenshot,
  textOf,
  waitForText,
} from './support/browser.ts';
import { act, reportStreetLight } from './support/cases.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { signIn } from './support/staff.ts';

const LAMP_HANDLER = 'Li Lamp 李灯';
const DEMO_HANDLER = 'Demo Handler 处置人员';

const TEXT = {
  'zh-CN': {
    dispatch: '派遣',
    chooseDepartment: '请先选择主办部门。',
    search: '李灯',
    one: '该部门有 1 位承办人。',
    dispatched: '已派遣',
    queueSearch: '搜索文字',
    apply: '筛选',
  },
  en: {
    dispatch: 'Dispatch',
    chooseDepartment: 'Choose the lead department first.',
    search: 'li lamp',
    one: '1 handler of this department.',
    dispatched: 'dispatched',
    queueSearch: 'Search text',
    apply: 'Apply filters',
  },
} as const;

interface CaseHandler {
  status: string;
  handler: { id: string; displayName?: string } | null;
  coDepartments: { id: string; code: string }[];
  responsibleLead: string | null;
}

describe('dispatch with the handler picker', () => {
  const env = useServerAndBrowser();
  let lampHandlerId = '';
  let demoHandlerId = '';
  beforeAll(async () => {
    const created = await env.server.api<{ id: string }>('POST', '/api/v1/users', {
      as: 'admin',
      body: {
        login: 'lamp_li',
        displayName: LAMP_HANDLER,
        password: 'lamp-password-1',
        roles: [{ role: 'handler', department: 'street-lighting' }],
      },
    });
    expect(created.status).toBe(201);
    lampHandlerId = created.body.id;
    demoHandlerId = (
      await env.server.api<{ user: { id: string } }>('GET', '/api/v1/session', { as: 'handler' })
    ).body.user.id;
  });

  for (const lang of LANGS) {
    it(`chooses a handler by name on the case page and in bulk (${lang})`, async () => {
      const text = TEXT[lang];
      const tag = `pick${lang.replace('-', '')}${Date.now()}`;
      const one = await act(
        env.server,
        'dispatcher',
        await reportStreetLight(env.server, `Dark lamp ${tag}`, DEMO_POINTS[0]),
        { action: 'register' },
      );
      const { context, page } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: DESK,
      });
      await signIn(page, 'dispatcher', `/staff/cases/${one.id}`);
      await page.getByRole('button', { name: text.dispatch, exact: true }).click();

      // No department yet: the list waits for one.
      const list = page.locator('#act-dispatch-handler');
      expect(await list.isDisabled()).toBe(true);
      await waitForText(page.locator('.handler-picker [role="status"]'), text.chooseDepartment);

      await page.locator('#act-dispatch-department').selectOption('street-lighting');
      await list.locator('option', { hasText: DEMO_HANDLER }).waitFor({ state: 'attached' });
      expect(await list.locator('option', { hasText: LAMP_HANDLER }).count()).toBe(1);

      // Typing part of a name narrows the list (the "none" choice stays first).
      await page.locator('#act-dispatch-handler-search').fill(text.search);
      await waitForText(page.locator('.handler-picker [role="status"]'), text.one);
      expect(await list.locator('option').allTextContents()).toHaveLength(2);
      await screenshot(page, 'case-dispatch-picker', lang);
      await checkA11y(page, `the dispatch form with the handler picker (${lang})`);

      // Choose with the keyboard: focus the list, move down to the one match.
      await list.focus();
      await page.keyboard.press('ArrowDown');
      expect(await list.inputValue()).toBe(lampHandlerId);
      // A co-handling department (never the lead itself) and the responsible lead.
      expect(await page.locator('#act-dispatch-coDepartments-street-lighting').count()).toBe(0);
      await page.locator('#act-dispatch-coDepartments-power-supply').check();
      await page.locator('#act-dispatch-responsibleLead').fill('Deputy head Zhou');
      await page.locator('#action-panel button[type="submit"]').click();
      await waitForText(page.locator('.case-summary'), LAMP_HANDLER, 'contains');

      const after = await env.server.api<CaseHandler>('GET', `/api/v1/cases/${one.id}`, {
        as: 'dispatcher',
      });
      expect(after.body.status).toBe('dispatched');
      expect(after.body.handler).toEqual({ id: lampHandlerId, displayName: LAMP_HANDLER });
      expect(after.body.coDepartments.map((d) => d.code)).toEqual(['power-supply']);
      expect(after.body.responsibleLead).toBe('Deputy head Zhou');

      // Bulk dispatch in the queue takes a handler too.
      const two = await act(
        env.server,
        'dispatcher',
        await reportStreetLight(env.server, `Another lamp ${tag}`, DEMO_POINTS[1]),
        { action: 'register' },
      );
      await page.goto('/staff');
      await page.getByLabel(text.queueSearch).fill(tag);
      await page.getByRole('button', { name: text.apply, exact: true }).click();
      const row = page.locator(`input.row-select[aria-label*="${two.trackingCode}"]`);
      await row.check();
      await page.locator('#bulk-department').selectOption('street-lighting');
      const bulkList = page.locator('#bulk-handler');
      await bulkList.locator('option', { hasText: DEMO_HANDLER }).waitFor({ state: 'attached' });
      await bulkList.selectOption(demoHandlerId);
      await page.locator('.queue-bulk-form button[type="submit"]').click();
      await page.locator('.queue-bulk-results li').first().waitFor();
      expect(await textOf(page.locator('.queue-bulk-results'))).toContain(
        `${two.trackingCode} ${text.dispatched}`,
      );
      await checkA11y(page, `the work queue with the handler picker (${lang})`);
      const bulk = await env.server.api<CaseHandler>('GET', `/api/v1/cases/${two.id}`, {
        as: 'dispatcher',
      });
      expect(bulk.body.handler?.id).toBe(demoHandlerId);
      await context.close();
    });
  }
});
