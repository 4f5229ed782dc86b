/**
 * How the inbox words a notification in the reader's language: the message (its key in
 * `notifications.messages`) and the values it is filled with, chosen from the kind and
 * the facts the server kept (`params`). Null when there is nothing to word it from (a
 * notification stored before facts were kept, a kind the app does not know yet, a fact
 * missing): the inbox shows the server's English sentence then. Kept out of `notices.ts`,
 * which the bell in every staff page loads.
 */
import { daysBetween, localParts, type Edge, type LocalDate } from '../duty/roster.ts';
import type { NoticeParams } from './api.ts';
import { headingOf, type KindKey } from './notices.ts';

/** The stages of a case (`casePage.stages.<stage>`). */
export const STAGES = ['register', 'dispatch', 'handle', 'verify', 'answer'] as const;
export type StageKey = (typeof STAGES)[number];

/** The messages the inbox has words for (`notifications.messages.<key>`). */
export type MessageKey = Exclude<KindKey, 'other'>;

/** The words a message is filled with, in the reader's language and the city's time. */
export interface NoticeWords {
  /** An instant as a day and time: "Tue, 8 Dec 09:00". */
  instant: (iso: string) => string;
  /** A shift's span: "Tue, 8 Dec 08:30–17:30". */
  span: (startsAt: string, endsAt: string) => string;
  /** Several shifts planned at once: "3 shifts from Tue, 8 Dec 08:30". */
  shifts: (count: number, startsAt: string) => string;
  /** A stage's name: "Handle", "处置". */
  stage: (stage: StageKey) => string;
  /** The name of an area in the reader's language. */
  areaName: (area: { nameZh: string; nameEn: string }) => string;
  /** Who the reader is on a shift: "on duty (A)", "the cover (B)". */
  dutyRole: (role: 'A' | 'B') => string;
}

/** A message to show: `notifications.messages.<key>` filled with `values`. */
export interface Wording {
  key: MessageKey;
  values: Record<string, string | number>;
}

const text = (value: unknown): value is string => typeof value === 'string';
const instant = (value: unknown): value is string =>
  text(value) && !Number.isNaN(Date.parse(value));
const isStage = (value: unknown): value is StageKey =>
  (STAGES as readonly unknown[]).includes(value);

/** The message of a notification and its values, or null to show the server's sentence. */
export function wordingOf(
  notice: { kind: string; params: NoticeParams | null },
  words: NoticeWords,
): Wording | null {
  const p = notice.params;
  const key = headingOf(notice.kind);
  if (!p || key === 'other') return null;
  if (key === 'dutyAssigned' || key === 'dutyCover' || key === 'dutyReminder') {
    const { areaCode, areaNameZh, areaNameEn, startsAt, endsAt } = p;
    if (!text(areaCode) || !text(areaNameZh) || !text(areaNameEn)) return null;
    if (!instant(startsAt) || !instant(endsAt)) return null;
    const shifts = Number.isInteger(p.shifts) ? (p.shifts as number) : 1;
    return {
      key,
      values: {
        area: words.areaName({ nameZh: areaNameZh, nameEn: areaNameEn }) || areaCode,
        code: areaCode,
        when: shifts > 1 ? words.shifts(shifts, startsAt) : words.span(startsAt, endsAt),
        ...(key === 'dutyReminder' ? { role: words.dutyRole(p.dutyRole === 'B' ? 'B' : 'A') } : {}),
      },
    };
  }
  const { trackingCode: code, title } = p;
  if (!text(code) || !text(title)) return null;
  switch (key) {
    case 'supervised':
      return text(p.directive) ? { key, values: { code, title, directive: p.directive } } : null;
    case 'overdue':
      return isStage(p.stage)
        ? { key, values: { code, title, stage: words.stage(p.stage) } }
        : null;
    case 'dueSoon':
      return isStage(p.stage) && instant(p.dueAt)
        ? {
            key,
            values: { code, title, stage: words.stage(p.stage), dueAt: words.instant(p.dueAt) },
          }
        : null;
    default:
      return { key, values: { code, title } };
  }
}

/**
 * A shift's start and end in `timeZone`, the end seen from the start's day (0: the same
 * day, 1: the next), as the duty roster's span formatter takes them.
 */
export function shiftEdges(
  startsAt: string,
  endsAt: string,
  timeZone: string,
): { day: LocalDate; start: Edge; end: Edge } {
  const start = localParts(startsAt, timeZone);
  const end = localParts(endsAt, timeZone);
  return {
    day: start.date,
    start: { ...start, dayOffset: 0 },
    end: { ...end, dayOffset: daysBetween(start.date, end.date) },
  };
}
