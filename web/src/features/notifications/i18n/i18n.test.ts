import { describe, expect, it } from 'vitest';
import appEn from '../../../i18n/en.json';
import appZhCN from '../../../i18n/zh-CN.json';
import { expectMatchingCatalogues, expectOnlyNewKeys } from '../../../i18n/translation-checks.ts';
import { STAGES, type MessageKey } from '../notice-wording.ts';
import type { KindKey } from '../notices.ts';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Every heading the inbox has words for: a missing one fails to compile. */
const KINDS: Record<KindKey, true> = {
  urgent: true,
  assigned: true,
  rework: true,
  escalated: true,
  supervised: true,
  toVerify: true,
  dueSoon: true,
  overdue: true,
  dutyAssigned: true,
  dutyCover: true,
  dutyReminder: true,
  other: true,
};

describe('the notification inbox translations', () => {
  it('have the same keys and placeholders in zh-CN and en, none empty', () => {
    expectMatchingCatalogues(en, zhCN);
  });

  it('add to the app’s messages without replacing any', () => {
    expectOnlyNewKeys(en, appEn);
  });

  it('name every kind of notification, and the bell speaks in both languages', () => {
    expect(Object.keys(en.notifications.kinds).sort()).toEqual(Object.keys(KINDS).sort());
    expect(appEn.notifications.bell.some).toBe('Notifications, {{unread}} unread');
    expect(appZhCN.notifications.bell.some).toBe('通知，{{unread}} 条未读');
  });

  it('word every kind of notification from its facts, with the case page’s stage names', () => {
    // Every kind the inbox names but `other` (shown as the server's sentence), and `shifts`.
    const { other: _other, ...named } = KINDS;
    const messages: Record<MessageKey | 'shifts', true> = { ...named, shifts: true };
    expect(Object.keys(en.notifications.messages).sort()).toEqual(Object.keys(messages).sort());
    for (const stage of STAGES) {
      expect(appEn.casePage.stages[stage]).toBeTruthy();
      expect(appZhCN.casePage.stages[stage]).toBeTruthy();
    }
    expect(zhCN.notifications.messages.assigned).toBe('已派给您：{{code}} {{title}}');
  });
});
