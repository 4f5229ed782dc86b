/**
 * The staff notification inbox (`/staff/notifications`, 通知) on a phone, in both
 * languages. With no duty roster planned, a resident's urgent report in grid cell A
 * reaches every dispatcher and grid leader of the cell: signed in, they see the bell's
 * count go up without reloading (by the half-minute poll in English, by the window
 * regaining focus in Chinese), open the inbox, see the urgent reports first and marked,
 * open one (it is marked read and the count goes down), and "Mark all read" (up to the
 * newest shown) clears the badge; "Unread only" then says everything is read. In Chinese
 * more than a page waits, and "Show more" pages with the cursor. Each notification is
 * worded in the reader's language from its facts (tracking code and title; duty area and
 * times), not the server's English sentence. A dispatcher who opens an urgent case by its
 * address (not from the inbox) sees the bell's count go down without a reload. A
 * dispatcher put on duty by a grid leader sees "You are on duty", with the area and the
 * shift's times in the city's time; another shift planned while the inbox is open shows
 * without a reload and is marked read by its button; the first leads to the roster. In
 * Chinese, a dispatcher planned as cover reads "您被安排顶岗（B岗）" with the cell's Chinese
 * name and the shift in the city's time. axe-core checks, screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import {
  checkA11y,
  newPage,
  PHONE,
  screenshot,
  textOf,
  waitForText,
  type Lang,
} from './support/browser.ts';
import { signIn } from './support/staff.ts';
import { useServerAndBrowser } from './support/suite.ts';
import type { TestServer } from './support/server.ts';

const HOUR = 3_600_000;
/** The inbox's page size (`features/notifications/hooks.ts`). */
const PAGE_SIZE = 20;

const TEXT = {
  'zh-CN': {
    bell: (n: number) => (n > 0 ? `通知，${n} 条未读` : '通知'),
    title: '通知',
    urgentHeading: '紧急上报',
    urgentMessage: (code: string, title: string) => `紧急上报：${code} ${title}`,
    urgentMark: '紧急',
    unreadMark: '未读',
    markAll: '全部标为已读',
    marked: (n: number) => `已将 ${n} 条通知标为已读。`,
    unreadOnly: '只看未读',
    allRead: '您已读完全部通知',
    showMore: '显示更多',
    markRead: '标为已读',
  },
  en: {
    bell: (n: number) => (n > 0 ? `Notifications, ${n} unread` : 'Notifications'),
    title: 'Notifications',
    urgentHeading: 'Urgent report',
    urgentMessage: (code: string, title: string) => `Urgent report ${code}: ${title}`,
    urgentMark: 'Urgent',
    unreadMark: 'Unread',
    markAll: 'Mark all read',
    marked: (n: number) =>
      n === 1 ? '1 notification marked read.' : `${n} notifications marked read.`,
    unreadOnly: 'Unread only',
    allRead: 'You have read everything',
    showMore: 'Show more',
    markRead: 'Mark read',
  },
} as const;

/** Who reads the inbox in each language: both hear of an urgent report in a roster gap. */
const READERS: Record<Lang, string> = { en: 'dispatcher', 'zh-CN': 'grid_leader' };

/** A point inside grid cell A (`grid_worker_a`'s). */
const IN_CELL_A = DEMO_POINTS.find((p) => p.expectedCode === DEMO_GRID_CODES.a) as {
  lat: number;
  lon: number;
};

interface Reported {
  id: string;
  trackingCode: string;
}

/** A resident's urgent report in cell A, through the API as the report page sends it. */
async function reportUrgent(server: TestServer, description: string): Promise<Reported> {
  const response = await server.api<Reported>('POST', '/api/v1/cases', {
    body: {
      category: 'E0103',
      description,
      priority: 'urgent',
      lat: IN_CELL_A.lat,
      lon: IN_CELL_A.lon,
    },
  });
  if (response.status !== 201) throw new Error(`report failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

async function unreadOf(server: TestServer, login: string): Promise<number> {
  const { status, body } = await server.api<{ unread: number }>(
    'GET',
    '/api/v1/notifications/unread-count',
    { as: login },
  );
  expect(status).toBe(200);
  return body.unread;
}

const bell = (page: Page) => page.getByTestId('notification-bell');

async function userIdOf(server: TestServer, login: string): Promise<string> {
  const { body } = await server.api<{ user: { id: string } }>('GET', '/api/v1/session', {
    as: login,
  });
  return body.user.id;
}

/** The grid leader plans an eight-hour shift in grid cell A from `from`. */
function planShift(
  server: TestServer,
  from: number,
  officers: { primaryUserId: string; backupUserId?: string },
) {
  return server.api('POST', '/api/v1/duty-shifts', {
    as: 'grid_leader',
    body: {
      area: DEMO_GRID_CODES.a,
      startsAt: new Date(from).toISOString(),
      endsAt: new Date(from + 8 * HOUR).toISOString(),
      ...officers,
    },
  });
}

/** Waits until the bell's spoken name is `label`, failing with the name it last had. */
async function waitForBell(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < until) {
    seen = (await bell(page).getAttribute('aria-label')) ?? '';
    if (seen === label) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`expected the bell to be named "${label}", it was "${seen}"`);
}

describe('the notification inbox', () => {
  const env = useServerAndBrowser();

  /** A phone-sized page (in English unless told), the dispatcher signed in, the bell showing the unread count. */
  async function dispatcherWithBell(lang: Lang = 'en') {
    const { page, context } = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: lang,
      viewport: PHONE,
    });
    await signIn(page, 'dispatcher');
    const unread = await unreadOf(env.server, 'dispatcher');
    expect(unread).toBeGreaterThan(0);
    await waitForBell(page, TEXT[lang].bell(unread));
    return { page, context, unread };
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`shows a ${READERS[lang]} an urgent report as it arrives, and marks it read (${lang})`, async () => {
      const text = TEXT[lang];
      const login = READERS[lang];
      const { page, context } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: PHONE,
      });
      await signIn(page, login);
      const before = await unreadOf(env.server, login);
      await waitForBell(page, text.bell(before));

      // Two urgent reports from residents while the page stays open.
      const firstTitle = `Smoke from the basement (${lang} 1)`;
      const first = await reportUrgent(env.server, firstTitle);
      const second = await reportUrgent(env.server, `Gas smell on the stairs (${lang} 2)`);
      let waiting = before + 2;
      // In Chinese more than a page waits, so "Show more" has something to fetch.
      const extra = lang === 'zh-CN' ? Math.max(0, PAGE_SIZE + 1 - waiting) : 0;
      for (let i = 0; i < extra; i++)
        await reportUrgent(env.server, `Blocked fire exit ${i + 1} (${lang})`);
      waiting += extra;
      expect(await unreadOf(env.server, login)).toBe(waiting);
      // The newest two of the page are the two reports above (any others came first).
      const newest = extra > 0 ? null : second;

      if (lang === 'en') {
        // The badge asks every half minute: it goes up without a reload.
        await waitForBell(page, text.bell(waiting), 40_000);
      } else {
        // … and at once when the window regains focus.
        await page.evaluate("window.dispatchEvent(new Event('focus'))");
        await waitForBell(page, text.bell(waiting));
      }
      await waitForText(page.getByTestId('notification-count'), String(waiting));
      await screenshot(page, 'notifications-bell', lang);

      // The inbox: newest first, unread and urgent marked in words.
      await bell(page).click();
      await page.waitForURL((url) => url.pathname === '/staff/notifications');
      await waitForText(page.locator('h1'), text.title);
      const items = page.getByTestId('notification');
      await items.first().waitFor();
      const top = items.first();
      expect(await top.getAttribute('data-kind')).toBe('case.urgent');
      expect(await top.getAttribute('data-unread')).toBe('true');
      await waitForText(top.getByTestId('notification-link'), text.urgentHeading);
      await waitForText(top.getByTestId('notification-urgent'), text.urgentMark, 'contains');
      await waitForText(top.getByTestId('notification-unread'), text.unreadMark, 'contains');
      if (newest) {
        await waitForText(top.getByTestId('notification-message'), newest.trackingCode, 'contains');
        await waitForText(
          items.nth(1).getByTestId('notification-message'),
          first.trackingCode,
          'contains',
        );
      }
      await screenshot(page, 'notifications-inbox', lang);
      await checkA11y(page, `the notification inbox (${lang})`);

      if (extra > 0) {
        // A page at a time: "Show more" fetches the older ones with the cursor.
        expect(await items.count()).toBe(PAGE_SIZE);
        const more = page.waitForRequest((r) =>
          /\/api\/v1\/notifications\?.*before=/.test(r.url()),
        );
        await page.getByRole('button', { name: text.showMore }).click();
        await more;
        await expect.poll(() => items.count()).toBeGreaterThan(PAGE_SIZE);
        expect(await items.count()).toBe(waiting);
      }

      // Opening the first report's case marks it read: the badge goes down by one.
      const opened = page.locator(`[data-testid="notification"]`, {
        has: page.getByText(first.trackingCode),
      });
      const openedId = await opened.first().getAttribute('data-id');
      // Worded in the reader's language from its facts, not the server's English sentence.
      const openedMessage = await textOf(opened.first().getByTestId('notification-message'));
      expect(openedMessage).toBe(text.urgentMessage(first.trackingCode, firstTitle));
      if (lang === 'zh-CN') expect(openedMessage).not.toContain('Urgent report');
      await opened.first().getByTestId('notification-link').click();
      await page.waitForURL((url) => url.pathname === `/staff/cases/${first.id}`);
      await waitForText(page.locator('.page-heading .mono'), first.trackingCode);
      await waitForBell(page, text.bell(waiting - 1));
      expect(await unreadOf(env.server, login)).toBe(waiting - 1);

      // Back in the inbox it reads as read.
      await bell(page).click();
      await page.waitForURL((url) => url.pathname === '/staff/notifications');
      const readOne = page.locator(`[data-testid="notification"][data-id="${openedId ?? ''}"]`);
      await expect.poll(() => readOne.getAttribute('data-unread')).toBe('false');
      expect(await readOne.getByTestId('notification-unread').count()).toBe(0);

      // "Mark all read" sends the newest id shown, and clears the badge.
      const newestShown = await items.first().getAttribute('data-id');
      const readAll = page.waitForRequest((r) => r.url().endsWith('/notifications/read-all'));
      await page.getByRole('button', { name: text.markAll }).click();
      expect((await readAll).postDataJSON()).toEqual({ upTo: newestShown });
      await waitForText(page.getByTestId('notifications-status'), text.marked(waiting - 1));
      await waitForBell(page, text.bell(0));
      expect(await page.getByTestId('notification-count').count()).toBe(0);
      expect(await unreadOf(env.server, login)).toBe(0);
      await expect
        .poll(() => page.locator('[data-testid="notification"][data-unread="true"]').count())
        .toBe(0);
      expect(await page.getByRole('button', { name: text.markRead, exact: true }).count()).toBe(0);

      // Unread only: nothing left.
      await page.getByLabel(text.unreadOnly).check();
      await page.waitForURL((url) => url.searchParams.get('unread') === '1');
      await waitForText(page.getByTestId('notifications-empty'), text.allRead, 'contains');
      await screenshot(page, 'notifications-all-read', lang);
      await checkA11y(page, `the inbox with everything read (${lang})`);
      await context.close();
    });
  }

  it('marks a case’s notifications read when a dispatcher opens it by its address, and the bell follows', async () => {
    const reported = await reportUrgent(env.server, 'Sparks from a lamp post (opened directly)');
    const { page, context, unread } = await dispatcherWithBell();

    // Opening the case by its address marks its notification read. The request is held
    // until the page shows the count from before, so the drop after it can only come
    // from the page reloading its count itself (the badge's poll is half a minute away).
    const held: Route[] = [];
    let sent = 0;
    await page.route('**/api/v1/notifications/read-all', (route) => {
      sent += 1;
      if (sent === 1) held.push(route);
      else void route.continue();
    });
    await page.goto(`/staff/cases/${reported.id}`);
    await waitForText(page.locator('.page-heading .mono'), reported.trackingCode);
    await waitForBell(page, TEXT.en.bell(unread));
    await expect.poll(() => held.length).toBe(1);
    const [marking] = held as [Route];
    expect(marking.request().postDataJSON()).toEqual({ caseId: reported.id });
    await marking.continue();
    await waitForBell(page, TEXT.en.bell(unread - 1), 10_000);
    expect(await unreadOf(env.server, 'dispatcher')).toBe(unread - 1);
    // Once per case opened, and the case page is undisturbed.
    expect(sent).toBe(1);
    await waitForText(page.locator('.page-heading .mono'), reported.trackingCode);
    await context.close();
  });

  it('tells a dispatcher put on duty, in words of its own with the times in the city’s time, and leads to the roster', async () => {
    // Only those who register a report stand duty: dispatchers and grid leaders.
    const officer = await userIdOf(env.server, 'dispatcher');
    // Two days ahead, so it does not change who hears of an urgent report today.
    const start = Math.floor(Date.now() / HOUR) * HOUR + 48 * HOUR;
    const plan = (from: number) => planShift(env.server, from, { primaryUserId: officer });
    const planned = await plan(start);
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);

    const { page, context, unread } = await dispatcherWithBell();
    await bell(page).click();
    await page.waitForURL((url) => url.pathname === '/staff/notifications');
    const duty = page.locator('[data-testid="notification"][data-kind="duty.assigned"]').first();
    await duty.waitFor();
    await waitForText(duty.getByTestId('notification-link'), 'You are on duty');
    const message = await textOf(duty.getByTestId('notification-message'));
    // Worded from its facts: the area by name with its code, and the shift's span in the
    // city's time (Asia/Shanghai, 8 hours ahead), never a UTC instant.
    expect(message).toMatch(/^You are on duty \(A\) for .+ \(/);
    expect(message).toContain(`(${DEMO_GRID_CODES.a}): `);
    expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const local = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(11, 16);
    expect(message).toContain(`${local(start)}–${local(start + 8 * HOUR)}`);
    await screenshot(page, 'notifications-duty', 'en');
    await checkA11y(page, 'the inbox of a dispatcher on duty');

    // Another shift planned while the inbox is open: it shows without a reload, on top …
    const topBefore = await page.getByTestId('notification').first().getAttribute('data-id');
    expect((await plan(start + 24 * HOUR)).status).toBe(201);
    await page.evaluate("window.dispatchEvent(new Event('focus'))");
    await waitForBell(page, TEXT.en.bell(unread + 1));
    await expect
      .poll(() => page.getByTestId('notification').first().getAttribute('data-id'))
      .not.toBe(topBefore);
    // … and "Mark read" marks just that one.
    const arrivedId = await page.getByTestId('notification').first().getAttribute('data-id');
    const arrived = page.locator(`[data-testid="notification"][data-id="${arrivedId ?? ''}"]`);
    expect(await arrived.getAttribute('data-kind')).toBe('duty.assigned');
    await arrived.getByRole('button', { name: TEXT.en.markRead, exact: true }).click();
    await waitForText(page.getByTestId('notifications-status'), '1 notification marked read.');
    await expect.poll(() => arrived.getAttribute('data-unread')).toBe('false');
    await waitForBell(page, TEXT.en.bell(unread));

    // The first duty notice leads to the roster, and is read then.
    const firstDuty = page
      .locator('[data-testid="notification"][data-kind="duty.assigned"]')
      .nth(1);
    await firstDuty.getByTestId('notification-link').click();
    // The roster of the shift's area.
    await page.waitForURL(
      (url) => url.pathname === '/staff/duty' && url.searchParams.get('area') === DEMO_GRID_CODES.a,
    );
    await waitForBell(page, TEXT.en.bell(unread - 1));
    await context.close();
  });

  it('words a cover shift in Chinese, with the area’s Chinese name and the shift in the city’s time (zh-CN)', async () => {
    // Four days ahead: clear of the shifts the English test planned in the same cell.
    const start = Math.floor(Date.now() / HOUR) * HOUR + 96 * HOUR;
    const planned = await planShift(env.server, start, {
      primaryUserId: await userIdOf(env.server, 'grid_leader'),
      backupUserId: await userIdOf(env.server, 'dispatcher'),
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);

    const { page, context } = await dispatcherWithBell('zh-CN');
    await bell(page).click();
    await page.waitForURL((url) => url.pathname === '/staff/notifications');
    const notice = page.locator('[data-testid="notification"][data-kind="duty.cover"]').first();
    await notice.waitFor();
    await waitForText(notice.getByTestId('notification-link'), '您被安排顶岗（B岗）');
    const message = await textOf(notice.getByTestId('notification-message'));
    // The cell by its Chinese name and code, the reader's part, the span in the city's time.
    expect(message).toContain(`柳岸社区第1网格（${DEMO_GRID_CODES.a}）的顶岗人员（B岗）：`);
    expect(message).not.toMatch(/[A-Za-z]{3,}|\d{4}-\d{2}-\d{2}T/);
    const local = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(11, 16);
    expect(message).toContain(local(start));
    expect(message).toContain(local(start + 8 * HOUR));
    await screenshot(page, 'notifications-duty-cover', 'zh-CN');
    await checkA11y(page, 'the inbox of a dispatcher planned as cover, in Chinese');
    await context.close();
  });
});
