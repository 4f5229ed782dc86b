/**
 * The duty roster (`/staff/duty`, 值班表) on a phone, in both languages: a grid leader
 * opens it from the navigation, chooses a grid cell in the area tree, sees that nobody is
 * on duty (a gap all day); plans a shift covering now with officer A and cover B, repeated
 * on 2 days, and sees the gap shrink around it and "on duty now" name A and B; an edit
 * saved after someone else's is refused with the typed note kept, loads the saved shift
 * and then saves; tomorrow's shift, not yet started, is deleted after confirmation. A
 * dispatcher reads a roster without any planning control; a handler has no roster link.
 * An axe-core check and screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_GRID_CODES } from '../../server/services/demo/demo-city.ts';
import { localParts, weekOf, mondayOf } from '../../web/src/features/duty/roster.ts';
import { checkA11y, LANGS, newPage, PHONE, screenshot, waitForText } from './support/browser.ts';
import { signIn } from './support/staff.ts';
import { useServerAndBrowser } from './support/suite.ts';

const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;

const TEXT = {
  'zh-CN': {
    nav: '值班表',
    title: '值班表',
    changeArea: '选择其他区域',
    nobody: '当前无人值班。',
    gapAllDay: '全天无人值班',
    add: '新增班次',
    submit: '确定新增',
    created: '已新增 2 个班次。',
    edit: '编辑',
    save: '保存班次',
    conflict: '您编辑期间，其他人已保存了此班次。',
    reload: '载入已保存的班次',
    saved: '班次已保存。',
    deleted: '已删除',
    nextWeek: '下一周',
    typedNote: '交接：巡查东门',
    overlap: '时间重叠',
    cancel: '取消',
  },
  en: {
    nav: 'Duty roster',
    title: 'Duty roster',
    changeArea: 'Choose another area',
    nobody: 'Nobody is on duty now.',
    gapAllDay: 'Nobody on duty all day',
    add: 'Add a shift',
    submit: 'Add shift',
    created: '2 shifts added.',
    edit: 'Edit',
    save: 'Save shift',
    conflict: 'Someone else saved this shift while you were editing.',
    reload: 'Load the saved shift',
    saved: 'Shift saved.',
    deleted: 'deleted',
    nextWeek: 'Next week',
    typedNote: 'Handover: check the east gate',
    overlap: 'This overlaps the shift',
    cancel: 'Cancel',
  },
} as const;

/** A grid cell of the grid leader's community for each run, so the runs do not meet. */
const CELLS = {
  en: DEMO_GRID_CODES.a.replace(/-\d+$/, '-02'),
  'zh-CN': DEMO_GRID_CODES.a.replace(/-\d+$/, '-03'),
  reader: DEMO_GRID_CODES.a.replace(/-\d+$/, '-04'),
} as const;

interface Shift {
  id: string;
  area: { id: string; code: string };
  startsAt: string;
  endsAt: string;
  primary: { id: string; displayName: string };
  backup: { id: string; displayName: string } | null;
  note: string | null;
  version: number;
}

interface Candidate {
  id: string;
  displayName: string;
  roles: string[];
}

describe('the duty roster', () => {
  const env = useServerAndBrowser();

  async function rosterOf(code: string, from: string, to: string): Promise<Shift[]> {
    const query = new URLSearchParams({ area: code, from, to });
    const { status, body } = await env.server.api<{ items: Shift[] }>(
      'GET',
      `/api/v1/duty-shifts?${query.toString()}`,
      { as: 'grid_leader' },
    );
    expect(status).toBe(200);
    return body.items.filter((s) => s.area.code === code);
  }

  async function candidatesOf(code: string): Promise<Candidate[]> {
    const { status, body } = await env.server.api<{ items: Candidate[] }>(
      'GET',
      `/api/v1/duty-shifts/candidates?area=${encodeURIComponent(code)}`,
      { as: 'grid_leader' },
    );
    expect(status).toBe(200);
    return body.items;
  }

  const day = (page: Page, date: string) =>
    page.locator(`[data-testid="duty-day"][data-date="${date}"]`);

  for (const lang of LANGS) {
    it(`plans, edits after a conflict and deletes shifts as a grid leader (${lang})`, async () => {
      const text = TEXT[lang];
      const cell = CELLS[lang];
      const { page, context } = await newPage(env.browser.browser, {
        baseURL: env.server.url,
        locale: lang,
        viewport: PHONE,
      });
      await signIn(page, 'grid_leader');

      // From the navigation to the roster of the leader's community, then a cell of it.
      await page.getByRole('link', { name: text.nav }).click();
      await page.waitForURL((url) => url.pathname === '/staff/duty');
      await waitForText(page.locator('h1'), text.title);
      await page.getByRole('button', { name: text.changeArea }).click();
      await page
        .getByTestId('duty-area-tree')
        .locator(`[data-code="${cell}"] .admin-tree-select`)
        .click();
      await page.waitForURL((url) => url.searchParams.get('area') === cell);
      await waitForText(page.getByTestId('duty-area'), cell, 'contains');

      // Nobody on duty: a warning now, and today one gap all day (or to/from midnight).
      const now = Date.now();
      const today = localParts(now, ZONE).date;
      await waitForText(page.getByTestId('duty-now-nobody'), text.nobody, 'contains');
      await page.getByTestId('duty-empty').waitFor();
      const todayGaps = day(page, today).getByTestId('duty-gap');
      await todayGaps.first().waitFor();
      expect(await todayGaps.count()).toBe(1);
      await screenshot(page, 'duty-roster-empty', lang);

      // A shift from the top of this hour for 3 hours, today and tomorrow.
      const start = Math.floor(now / HOUR) * HOUR;
      const end = start + 3 * HOUR;
      const people = await candidatesOf(cell);
      const leader = people.find((p) => p.roles.includes('grid_leader'));
      const dispatcher = people.find((p) => p.roles.includes('dispatcher'));
      expect(leader).toBeDefined();
      expect(dispatcher).toBeDefined();
      await page.getByRole('button', { name: text.add }).click();
      const form = page.getByTestId('shift-form');
      await form.locator('#shift-date').fill(localParts(start, ZONE).date);
      await form.locator('#shift-start').fill(localParts(start, ZONE).time);
      await form.locator('#shift-end').fill(localParts(end, ZONE).time);
      await form.locator('#shift-primary').selectOption(leader?.id ?? '');
      // B chosen by name: the lists narrow to those matching.
      await form.locator('#shift-find').fill('Dispatcher');
      await form
        .locator(`#shift-backup option[value="${dispatcher?.id ?? ''}"]`)
        .waitFor({ state: 'attached' });
      await form.locator('#shift-backup').selectOption(dispatcher?.id ?? '');
      await form.locator('#shift-note').fill('E2E');
      await form.locator('#shift-repeat').fill('2');
      await screenshot(page, 'duty-roster-form', lang);
      await checkA11y(page, `the shift form (${lang})`);
      await form.getByRole('button', { name: text.submit }).click();
      await waitForText(page.getByTestId('duty-saved'), text.created);

      // Stored as asked: two shifts a day apart, A and B as chosen.
      const week = weekOf(mondayOf(today), ZONE);
      const planned = await rosterOf(
        cell,
        week.from,
        new Date(Date.parse(week.to) + 7 * 86_400_000).toISOString(),
      );
      expect(planned.map((s) => [s.startsAt, s.endsAt])).toEqual([
        [new Date(start).toISOString(), new Date(end).toISOString()],
        [new Date(start + 24 * HOUR).toISOString(), new Date(end + 24 * HOUR).toISOString()],
      ]);
      expect(planned[0]?.primary.id).toBe(leader?.id);
      expect(planned[0]?.backup?.id).toBe(dispatcher?.id);
      const [current, tomorrow] = planned as [Shift, Shift];

      // The gap shrinks to end where the shift starts and start again where it ends …
      await page
        .locator(`[data-testid="duty-gap"][data-ends-at="${new Date(start).toISOString()}"]`)
        .first()
        .waitFor();
      await page
        .locator(`[data-testid="duty-gap"][data-starts-at="${new Date(end).toISOString()}"]`)
        .first()
        .waitFor();
      expect(await day(page, today).getByText(text.gapAllDay).count()).toBe(0);
      // … and A is on duty now, with B as cover.
      await waitForText(
        page.getByTestId('duty-now-primary'),
        leader?.displayName ?? '',
        'contains',
      );
      await waitForText(
        page.getByTestId('duty-now-backup'),
        dispatcher?.displayName ?? '',
        'contains',
      );
      await screenshot(page, 'duty-roster-week', lang);
      await checkA11y(page, `the duty roster (${lang})`);

      // The same times again overlap the shift just planned: refused, and named.
      await page.getByRole('button', { name: text.add }).click();
      await form.locator('#shift-date').fill(localParts(start, ZONE).date);
      await form.locator('#shift-start').fill(localParts(start, ZONE).time);
      await form.locator('#shift-end').fill(localParts(end, ZONE).time);
      await form.locator('#shift-primary').selectOption(dispatcher?.id ?? '');
      await form.getByRole('button', { name: text.submit }).click();
      await waitForText(page.getByTestId('shift-overlap'), text.overlap, 'contains');
      await form.getByRole('button', { name: text.cancel }).click();
      await form.waitFor({ state: 'detached' });

      // An edit saved after someone else's is refused; the typed note stays.
      const entry = page.locator(`[data-testid="duty-shift"][data-shift-id="${current.id}"]`);
      await entry
        .first()
        .getByRole('button', { name: new RegExp(`^${text.edit}`) })
        .click();
      const editForm = page.getByTestId('shift-form');
      // It has started: its start stays as it is.
      expect(await editForm.locator('#shift-start').getAttribute('readonly')).not.toBeNull();
      const elsewhere = await env.server.api<Shift>('PATCH', `/api/v1/duty-shifts/${current.id}`, {
        as: 'grid_leader',
        body: { version: current.version, note: 'Changed elsewhere' },
      });
      expect(elsewhere.status).toBe(200);
      await editForm.locator('#shift-note').fill(text.typedNote);
      await editForm.getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('shift-conflict'), text.conflict, 'contains');
      expect(await editForm.locator('#shift-note').inputValue()).toBe(text.typedNote);
      await page.getByRole('button', { name: text.reload }).click();
      await expect
        .poll(() => editForm.locator('#shift-note').inputValue())
        .toBe('Changed elsewhere');
      await editForm.locator('#shift-note').fill(text.typedNote);
      await editForm.getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('duty-saved'), text.saved);
      const edited = (await rosterOf(cell, current.startsAt, current.endsAt))[0];
      expect(edited?.note).toBe(text.typedNote);
      expect(edited?.version).toBe(current.version + 2);

      // Tomorrow's shift has not started: it can be deleted, after confirmation.
      const tomorrowDate = localParts(tomorrow.startsAt, ZONE).date;
      if (!week.days.includes(tomorrowDate)) {
        await page.getByRole('button', { name: text.nextWeek }).click();
        await day(page, tomorrowDate).waitFor();
      }
      const next = page.locator(`[data-testid="duty-shift"][data-shift-id="${tomorrow.id}"]`);
      page.once('dialog', (dialog) => void dialog.accept());
      await next
        .first()
        .getByRole('button', { name: new RegExp(lang === 'en' ? '^Delete' : '^删除') })
        .click();
      await waitForText(page.getByTestId('duty-saved'), text.deleted, 'contains');
      await next.first().waitFor({ state: 'detached' });
      expect(await rosterOf(cell, tomorrow.startsAt, tomorrow.endsAt)).toEqual([]);
      await context.close();
    });
  }

  it('shows a dispatcher the roster without planning controls; a handler has no link', async () => {
    const cell = CELLS.reader;
    const people = await candidatesOf(cell);
    const leader = people.find((p) => p.roles.includes('grid_leader'));
    const start = Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR;
    const created = await env.server.api<{ items: Shift[] }>('POST', '/api/v1/duty-shifts', {
      as: 'grid_leader',
      body: {
        area: cell,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 8 * HOUR).toISOString(),
        primaryUserId: leader?.id,
      },
    });
    expect(created.status).toBe(201);
    const shift = created.body.items[0] as Shift;

    const { page, context } = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: 'en',
      viewport: PHONE,
    });
    await signIn(page, 'dispatcher');
    await page.getByRole('link', { name: TEXT.en.nav }).waitFor();
    const date = localParts(start, ZONE).date;
    await page.goto(`/staff/duty?area=${encodeURIComponent(cell)}&week=${date}`);
    const entry = page.locator(`[data-testid="duty-shift"][data-shift-id="${shift.id}"]`);
    await waitForText(entry.first().getByTestId('duty-shift-primary'), leader?.displayName ?? '');
    await page.getByTestId('duty-now').waitFor();
    expect(await page.getByRole('button', { name: TEXT.en.add }).count()).toBe(0);
    expect(await entry.first().getByRole('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Edit|Delete)/ }).count()).toBe(0);
    await screenshot(page, 'duty-roster-reader', 'en');
    await checkA11y(page, 'the duty roster for a dispatcher');
    await context.close();

    const handler = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: 'en',
      viewport: PHONE,
    });
    await signIn(handler.page, 'handler');
    await handler.page.getByRole('link', { name: 'Field work' }).waitFor();
    expect(await handler.page.getByRole('link', { name: TEXT.en.nav }).count()).toBe(0);
    await handler.context.close();
  });
});
