/** The field page's patrol report: what its form says, filling it in, finding the case it made. */
import type { Page } from 'playwright-core';
import { waitForText, type Lang } from './browser.ts';
import type { TestServer } from './server.ts';

/** What the patrol report form says, in each language. */
export const PATROL_TEXT = {
  'zh-CN': {
    search: '路灯',
    category: '路灯',
    answer: '夜间不亮',
    useLocation: '使用我的位置',
    send: '发送上报',
    waiting: (n: number) => `待发送（${n}）`,
    queued: '当前离线',
  },
  en: {
    search: 'street light',
    category: 'Street light',
    answer: 'Off at night',
    useLocation: 'Use my location',
    send: 'Send report',
    waiting: (n: number) => `Waiting to send (${n})`,
    queued: 'You are offline',
  },
} as const;

/** Fills and sends a patrol report while offline; it waits on the device. */
export async function reportOffline(
  page: Page,
  text: (typeof PATROL_TEXT)[Lang],
  description: string,
  home: { lat: number },
): Promise<void> {
  await page.locator('#report-category').fill(text.search);
  await page.locator('.choice', { hasText: text.category }).first().click();
  await page.getByRole('radio', { name: text.answer }).check();
  await page.locator('#patrol-description').fill(description);
  await page.getByRole('button', { name: text.useLocation }).click();
  await waitForText(page.locator('#patrol-location-state'), home.lat.toFixed(5), 'contains');
  await page.getByRole('button', { name: text.send }).click();
  await waitForText(page.locator('.patrol-form [role="status"]'), text.queued, 'contains');
  await waitForText(page.locator('#outbox-title'), text.waiting(1));
}

/** The cases whose description is exactly `description`, as the dispatcher finds them. */
export async function casesDescribed(
  server: TestServer,
  description: string,
): Promise<{ description: string; channel?: string }[]> {
  const found = await server.api<{ items: { description: string; channel?: string }[] }>(
    'GET',
    `/api/v1/cases?q=${encodeURIComponent(description)}`,
    { as: 'dispatcher' },
  );
  return found.body.items.filter((i) => i.description === description);
}
