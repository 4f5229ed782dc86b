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

    return {
      /** "Mon, 7 Dec". */
      day,
      /** "Monday, 7 December 2026". */
      longDay: (date: LocalDate) => longDayFormat.format(new Date(`${date}T00:00:00Z`)),
      /**
       * An entry's span seen from the day it is listed under: "09:00–18:00", "18:00–09:00
       * next day", "until 09:00" (it began on an earlier day), "from 18:00" (it ends
       * after the next day), "all day". `lead`: it starts a line (capitalised in English),
       * else it follows "Nobody on duty".
       */
      span: (entry: { start: Edge; end: Edge; allDay: boolean }, lead: boolean) => {
        if (entry.allDay) return t(lead ? 'duty.time.allDayLead' : 'duty.time.allDay');
        const { start, end } = entry;
        if (start.dayOffset < 0)
          return t(lead ? 'duty.time.untilLead' : 'duty.time.until', { time: end.time });
        if (end.dayOffset === 0) return t('duty.time.span', { start: start.time, end: end.time });
        if (end.dayOffset === 1)
          return t('duty.time.span', {
            start: start.time,
            end: t('duty.time.nextDay', { time: end.time }),
          });
        return t(lead ? 'duty.time.fromLead' : 'duty.time.from', { time: start.time });
      },
      /** An instant as its day and time: "Tue, 8 Dec 09:00". */
      instant: (iso: string) => {
        const p = localParts(iso, timeZone);
        return t('duty.time.onDay', { day: day(p.date), time: p.time });
      },
    };
  }, [language, t, timeZone]);
}
