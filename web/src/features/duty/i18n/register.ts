/**
 * The duty roster's strings, added to i18next when the roster code loads, so a resident's
 * first page does not download them. The same keys in both languages (a unit test checks).
 */
import i18next from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/** The roster messages' shape, merged into the app's message type in `i18n/index.ts`. */
export type DutyMessages = typeof en;

for (const [language, messages] of [
  ['en', en],
  ['zh-CN', zhCN],
] as const) {
  // Deep: the app's own `duty.nav` stays beside these.
  i18next.addResourceBundle(language, 'translation', messages, true, false);
}
