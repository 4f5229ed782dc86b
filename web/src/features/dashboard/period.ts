/** Dashboard periods: local dates `YYYY-MM-DD` and the 7/30/90-day presets. */
import type { Period } from './api.ts';

/** `date` as a local `YYYY-MM-DD`. */
export function isoDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The last `days` days up to and including `today`. */
export function lastDays(days: number, today: Date): Period {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
}

/** Which fields of a period are wrong, as i18n keys. */
export type PeriodProblem = 'dashboard.period.invalid' | 'dashboard.period.order';

export function periodProblems(p: Period): { from?: PeriodProblem; to?: PeriodProblem } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const out: { from?: PeriodProblem; to?: PeriodProblem } = {};
  if (!day.test(p.from)) out.from = 'dashboard.period.invalid';
  if (!day.test(p.to)) out.to = 'dashboard.period.invalid';
  if (!out.from && !out.to && p.from > p.to) out.from = 'dashboard.period.order';
  return out;
}

/** Every day of the period, for a trend without gaps. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  const [y, m, d] = p.from.split('-').map(Number) as [number, number, number];
  for (let date = new Date(y, m - 1, d); isoDay(date) <= p.to && out.length < 1100;) {
    out.push(isoDay(date));
    date = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
  }
  return out;
}
