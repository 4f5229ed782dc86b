/**
 * The inbox's strings, added to i18next when the inbox code loads, so a resident's first
 * page does not download them. The bell's own words are in the app's catalogue (it is in
 * every staff page's frame). The same keys in both languages (a unit test checks).
 */
import i18next from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/** The inbox messages' shape, merged into the app's message type in `i18n/index.ts`. */
export type NotificationMessages = typeof en;

for (const [language, messages] of [
  ['en', en],
  ['zh-CN', zhCN],
] as const) {
  // Deep: the app's own `notifications.bell` stays beside these.
  i18next.addResourceBundle(language, 'translation', messages, true, false);
}
