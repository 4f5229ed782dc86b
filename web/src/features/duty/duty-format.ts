/** The roster's days, times and spans in the reader's language and the city's time zone. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { localParts, type Edge, type LocalDate } from './roster.ts';

/** Formatters of the roster for the current language in `timeZone`. */
export function useDutyFormat(timeZone: string) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  return useMemo(() => {
    // A LocalDate is read as UTC midnight, so it is formatted in UTC.
    const dayFormat = new Intl.DateTimeFormat(language, {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
    const longDayFormat = new Intl.DateTimeFormat(language, {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
    const day = (date: LocalDate) => dayFormat.format(new Date(`${date}T00:00:00Z`));
    const edge = (e: Edge) => {
      if (e.dayOffset === 0) return e.time;
      if (e.dayOffset === 1) return t('duty.time.nextDay', { time: e.time });
      if (e.dayOffset === -1) return t('duty.time.previousDay', { time: e.time });
      return t('duty.time.onDay', { day: day(e.date), time: e.time });
    };
    return {
      /** "Mon, 7 Dec". */
      day,
      /** "Monday, 7 December 2026". */
      longDay: (date: LocalDate) => longDayFormat.format(new Date(`${date}T00:00:00Z`)),
      /** An edge seen from the day it is listed under: "09:00", "09:00 next day". */
      edge,
      /** "18:00–09:00 next day", or "all day". */
      span: (entry: { start: Edge; end: Edge; allDay: boolean }) =>
        entry.allDay
          ? t('duty.time.allDay')
          : t('duty.time.span', { start: edge(entry.start), end: edge(entry.end) }),
      /** An instant as its day and time: "Tue, 8 Dec 09:00". */
      instant: (iso: string) => {
        const p = localParts(iso, timeZone);
        return t('duty.time.onDay', { day: day(p.date), time: p.time });
      },
    };
  }, [language, t, timeZone]);
}
