/** Dates, times and numbers in the reader's language, through `Intl`. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from './index.ts';

/** Formatters for one language. */
export function formattersFor(language: Language) {
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  const number = new Intl.NumberFormat(language);
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  return {
    language,
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : ''),
    date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : ''),
    number: (n: number) => number.format(n),
    /** "in 3 hours", "2 days ago": the nearest whole unit. */
    relative: (iso: string, now: number = Date.now()) => {
      const seconds = (new Date(iso).getTime() - now) / 1000;
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['day', 86400],
        ['hour', 3600],
        ['minute', 60],
      ];
      for (const [unit, size] of units) {
        if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
      }
      return relative.format(0, 'minute');
    },
  };
}

/** The formatters of the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  return useMemo(() => formattersFor(language), [language]);
}

/** Picks the zh or en name of something that has both. */
export function useLocalName() {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  return useMemo(
    () =>
      (named: { nameZh: string; nameEn: string } | null | undefined): string =>
        named ? (language === 'en' ? named.nameEn : named.nameZh) : '',
    [language],
  );
}
