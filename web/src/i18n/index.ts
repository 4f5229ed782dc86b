/**
 * Every string of the web app is in `zh-CN.json` and `en.json` (the same keys; a unit test
 * checks). The language comes from the reader's last choice (localStorage), else from the
 * browser's languages, else Chinese; the `<html lang>` attribute follows it.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { AdminMessages } from '../features/admin/i18n/register.ts';
import type { DutyMessages } from '../features/duty/i18n/register.ts';
import type { NotificationMessages } from '../features/notifications/i18n/register.ts';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'civicgrid.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The admin pages, the duty roster and the notification inbox add their own strings
    // when they load (features/admin/i18n, features/duty/i18n, features/notifications/i18n).
    resources: {
      translation: typeof en & AdminMessages & DutyMessages & NotificationMessages;
    };
  }
}

/** The language to show: the stored choice, else the first browser language we speak. */
export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'zh-CN' || stored === 'en') return stored;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
}

/** Starts i18next with both languages bundled (no loading, no flash of keys). */
export function initI18n(): typeof i18next {
  const language = detectLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  applyToDocument(language);
  return i18next;
}

/** Switches the language and remembers the choice on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this visit.
  }
  applyToDocument(language);
}

/** The current language as one of ours. */
export function currentLanguage(language: string): Language {
  return language === 'en' ? 'en' : 'zh-CN';
}
