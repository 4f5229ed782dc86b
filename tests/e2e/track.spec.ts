/**
 * Following a case by its tracking code: a closed case shows its steps, public comments
 * and written answer, and takes one rating; a duplicate names the original's code; an
 * unknown code says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  launchBrowser,
  LANGS,
  newPage,
  screenshot,
  waitForText,
  type TestBrowser,
} from './support/browser.ts';
import { act, closeCase, reportStreetLight } from './support/cases.ts';
import { startServer, type TestServer } from './support/server.ts';

const TEXT = {
  'zh-CN': {
    answer: '书面答复',
    satisfied: '满意',
    send: '提交评价',
    thanks: '感谢您的评价，已记录。',
    already: '此事件已评价过。',
    closed: '已结案',
    notFound: '没有查询码为',
    duplicate: '此上报与另一事件反映的是同一问题',
    show: '查询',
  },
  en: {
    answer: 'Written answer',
    satisfied: 'Satisfied',
    send: 'Send rating',
    thanks: 'Thank you: your rating was recorded.',
    already: 'This case has already been rated.',
    closed: 'Closed',
    notFound: 'No case has the tracking code',
    duplicate: 'It reports the same problem as another case',
    show: 'Show',
  },
} as const;

describe('tracking a case', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let code: string;
  let caseId: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const reported = await reportStreetLight(server, 'The lamp at the east gate is dark.');
    await closeCase(server, reported, {
      comment: 'A new lamp is ordered.',
      answer: 'The lamp at the east gate was replaced on Tuesday. Thank you for reporting it.',
    });
    code = reported.trackingCode;
    caseId = reported.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a closed case with its answer, and takes one rating', async () => {
    for (const lang of LANGS) {
      const text = TEXT[lang];
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
      });
      // The code as a person might type it: lower case, spaces instead of dashes.
      await page.goto('/track');
      await screenshot(page, 'track-form', lang);
      await checkA11y(page, `the tracking form (${lang})`);
      await page.locator('#track-code').fill(code.toLowerCase().replace(/-/g, ' '));
      await page.getByRole('button', { name: text.show, exact: true }).click();
      await page.waitForURL(new RegExp(`/track/${code}$`));

      await waitForText(page.locator('#answer-title'), text.answer);
      await waitForText(page.locator('.answer-text'), 'was replaced on Tuesday', 'contains');
      await waitForText(page.locator('.comments'), 'A new lamp is ordered.', 'contains');
      await waitForText(page.locator('.case-title + .badges'), text.closed, 'contains');
      expect(await page.locator('.status-step-done').count()).toBe(7);
      await screenshot(page, 'track-closed', lang);
      await checkA11y(page, `a closed case (${lang})`);

      if (lang === LANGS[0]) {
        // The first language rates …
        await page.getByRole('radio', { name: text.satisfied, exact: true }).check();
        await page.locator('#rating-comment').fill('Quick and clear.');
        await page.getByRole('button', { name: text.send }).click();
        await waitForText(page.locator('.notice-success'), text.thanks);
        await page.reload();
        await waitForText(page.locator('.notice-success'), text.already);
      } else {
        // … and a fresh browser is told at once that the case was rated: no form.
        await waitForText(page.locator('.notice-success'), text.already);
        expect(await page.locator('#rating-comment').count()).toBe(0);
      }
      await context.close();
    }
    const events = await server.api<{ items: { kind: string }[] }>(
      'GET',
      `/api/v1/cases/${caseId}/events`,
      { as: 'dispatcher' },
    );
    expect(events.body.items.filter((e) => e.kind === 'rating')).toHaveLength(1);
  });

  it('names the original of a duplicate, and says when a code is unknown', async () => {
    const original = await reportStreetLight(server, 'Dark lamp near the school gate.');
    const duplicate = await reportStreetLight(server, 'The school gate lamp is off.');
    const registered = await act(server, 'dispatcher', duplicate, {
      action: 'reject',
      reason: 'Already reported.',
      duplicateOf: original.id,
    });
    expect(registered.status).toBe('rejected');
    for (const lang of LANGS) {
      const text = TEXT[lang];
      const { context, page } = await newPage(browser.browser, {
        baseURL: server.url,
        locale: lang,
      });
      await page.goto(`/track/${duplicate.trackingCode}`);
      await waitForText(page.locator('.notice-card'), text.duplicate, 'contains');
      await waitForText(page.locator('.notice-card'), 'Already reported.', 'contains');
      await page.locator('.notice-card a.code-link').click();
      await page.waitForURL(new RegExp(`/track/${original.trackingCode}$`));
      await screenshot(page, 'track-submitted', lang);

      await page.goto('/track/ZZZZ-ZZZZ-ZZZZ');
      await waitForText(page.locator('[role="alert"]'), text.notFound, 'contains');
      await checkA11y(page, `an unknown tracking code (${lang})`);
      await context.close();
    }
  });
});
