/**
 * One week of an area's roster, a day at a time: each day lists its shifts (time span,
 * officer A, cover B, note, and the area when the shift is one of an area above) and its
 * gaps, when nobody is on duty. Planners add shifts, change those that have not ended and
 * delete those that have not started.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ErrorNotice, useErrorMessage } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { SavedNotice } from '../admin/parts.tsx';
import type { DutyShift } from './api.ts';
import { useDutyFormat } from './duty-format.ts';
import { useDeleteShift, useLoadShift, useRoster } from './hooks.ts';
import { OfficerName } from './OnDutyNow.tsx';
import { defaultShiftDate, rosterDays, type DayEntry, type LocalDate } from './roster.ts';
import { ShiftForm } from './ShiftForm.tsx';

/** Which form is open: a new shift, or the edit of a shift under one of its days. */
type OpenForm = { kind: 'new' } | { kind: 'edit'; id: string; date: LocalDate } | null;

export function WeekRoster({
  area,
  week,
  today,
  timeZone,
  canPlan,
  areaName,
  onWeek,
}: {
  area: { id: string; code: string };
  week: { days: LocalDate[]; from: string; to: string };
  today: LocalDate;
  timeZone: string;
  /** Whether to offer adding shifts (the server still decides, and says per shift). */
  canPlan: boolean;
  areaName: (ref: { id: string; code: string }) => string;
  /** Moves by `n` weeks (0: back to this week). */
  onWeek: (n: number) => void;
}) {
  const { t } = useTranslation();
  const format = useDutyFormat(timeZone);
  const errorMessage = useErrorMessage();
  const range = { area: area.code, from: week.from, to: week.to };
  const roster = useRoster(range);
  const loadShift = useLoadShift(range);
  const remove = useDeleteShift();
  const [form, setForm] = useState<OpenForm>(null);
  const [message, setMessage] = useState<string | null>(null);

  const first = week.days[0] ?? today;
  const last = week.days[week.days.length - 1] ?? today;
  const thisWeek = week.days.includes(today);
  const days = roster.data
    ? rosterDays(week.days, roster.data.items, roster.data.gaps, timeZone)
    : [];

  const open = (next: OpenForm) => {
    setMessage(null);
    remove.reset();
    setForm(next);
  };
  const done = (text: string) => {
    setForm(null);
    setMessage(text);
  };
  const whenOf = (shift: DutyShift) =>
    t('duty.time.span', {
      start: format.instant(shift.startsAt),
      end: format.instant(shift.endsAt),
    });
  const confirmDelete = (shift: DutyShift) => {
    const when = whenOf(shift);
    if (!window.confirm(t('duty.deleteConfirm', { when, name: shift.primary.displayName }))) return;
    setMessage(null);
    remove.mutate(shift, {
      onSuccess: () => {
        setForm(null);
        setMessage(t('duty.deleted', { when }));
      },
      onError: (error) => {
        if (error instanceof ApiError && (error.status === 409 || error.status === 422))
          void roster.refetch();
      },
    });
  };
  const deleteProblem =
    remove.error instanceof ApiError && remove.error.status === 409
      ? t('duty.deleteStale')
      : remove.error instanceof ApiError && remove.error.status === 422
        ? t('duty.deleteStarted')
        : remove.error
          ? errorMessage(remove.error)
          : null;

  const renderEntry = (entry: DayEntry<DutyShift>, date: LocalDate, index: number) => {
    if (entry.kind === 'gap')
      return (
        <li
          key={`gap-${index}`}
          className="duty-entry duty-gap"
          data-testid="duty-gap"
          data-starts-at={entry.startsAt}
          data-ends-at={entry.endsAt}
        >
          <span className="duty-gap-mark" aria-hidden="true">
            !
          </span>
          <strong>
            {entry.allDay
              ? t('duty.gapAllDay')
              : t('duty.gap', { span: format.span(entry, false) })}
          </strong>
        </li>
      );
    const shift = entry.shift;
    const inherited = shift.area.id !== area.id;
    const editing = form?.kind === 'edit' && form.id === shift.id && form.date === date;
    const upcoming = Date.parse(shift.startsAt) > Date.now();
    const when = whenOf(shift);
    return (
      <li
        key={`${shift.id}`}
        className={inherited ? 'duty-entry duty-shift is-inherited' : 'duty-entry duty-shift'}
        data-testid="duty-shift"
        data-shift-id={shift.id}
        data-starts-at={shift.startsAt}
        data-ends-at={shift.endsAt}
      >
        <p className="duty-span">
          <strong>{format.span(entry, true)}</strong>
          {inherited ? (
            <>
              {' '}
              <span className="badge duty-inherited">
                {t('duty.inheritedFrom', { area: areaName(shift.area) })}
              </span>
            </>
          ) : null}
        </p>
        <dl className="duty-officers">
          <div>
            <dt>{t('duty.primary')}</dt>
            <dd data-testid="duty-shift-primary">
              <OfficerName officer={shift.primary} />
            </dd>
          </div>
          <div>
            <dt>{t('duty.backup')}</dt>
            <dd data-testid="duty-shift-backup">
              {shift.backup ? (
                <OfficerName officer={shift.backup} />
              ) : (
                <span className="muted">{t('duty.noBackup')}</span>
              )}
            </dd>
          </div>
        </dl>
        {shift.note ? <p className="duty-note">{shift.note}</p> : null}
        {shift.editable ? (
          <div className="button-row duty-shift-actions">
            <button
              type="button"
              className="btn btn-small"
              aria-expanded={editing}
              aria-label={t('duty.editNamed', { when })}
              onClick={() => open(editing ? null : { kind: 'edit', id: shift.id, date })}
            >
              {t('duty.edit')}
            </button>
            {upcoming ? (
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('duty.deleteNamed', { when })}
                disabled={remove.isPending}
                onClick={() => confirmDelete(shift)}
              >
                {t('duty.delete')}
              </button>
            ) : null}
          </div>
        ) : null}
        {editing ? (
          <ShiftForm
            key={shift.id}
            area={shift.area}
            shift={shift}
            defaultDate={date}
            timeZone={timeZone}
            others={roster.data?.items ?? []}
            onDone={done}
            onCancel={() => setForm(null)}
            onReload={loadShift}
          />
        ) : null}
      </li>
    );
  };

  return (
    <section className="card duty-week" aria-labelledby="duty-week-title" data-testid="duty-week">
      <h2 id="duty-week-title" className="h3">
        {t('duty.week.title', { from: format.day(first), to: format.day(last) })}
      </h2>
      <div className="button-row duty-week-nav">
        <button type="button" className="btn btn-small" onClick={() => onWeek(-1)}>
          <span aria-hidden="true">‹ </span>
          {t('duty.week.previous')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={thisWeek}
          onClick={() => onWeek(0)}
        >
          {t('duty.week.current')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => onWeek(1)}>
          {t('duty.week.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <p className="muted small">{t('duty.week.lead', { timeZone })}</p>
      {canPlan ? (
        <div className="button-row">
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={form?.kind === 'new'}
            onClick={() => open(form?.kind === 'new' ? null : { kind: 'new' })}
          >
            {t('duty.add')}
          </button>
        </div>
      ) : null}
      {form?.kind === 'new' ? (
        <ShiftForm
          area={area}
          defaultDate={defaultShiftDate(week.days, today)}
          timeZone={timeZone}
          others={roster.data?.items ?? []}
          onDone={done}
          onCancel={() => setForm(null)}
        />
      ) : null}
      <SavedNotice message={message} testId="duty-saved" />
      {deleteProblem ? (
        <div className="notice notice-error" role="alert" data-testid="duty-delete-problem">
          <p>{deleteProblem}</p>
        </div>
      ) : null}
      {roster.isPending ? (
        <Loading label={t('common.loading')} />
      ) : roster.isError ? (
        <ErrorNotice error={roster.error} onRetry={() => void roster.refetch()} />
      ) : (
        <>
          {roster.data.items.length === 0 ? (
            <p className="notice notice-warning" data-testid="duty-empty">
              {t('duty.week.empty')}
            </p>
          ) : roster.data.gaps.length > 0 ? (
            <p className="muted small">{t('duty.week.gapsHint')}</p>
          ) : null}
          <ol className="duty-days" aria-busy={roster.isFetching}>
            {days.map((day) => (
              <li
                key={day.date}
                className={day.date === today ? 'duty-day is-today' : 'duty-day'}
                data-date={day.date}
                data-testid="duty-day"
              >
                <h3 className="duty-day-title">
                  {format.day(day.date)}
                  {day.date === today ? (
                    <>
                      {' '}
                      <span className="badge duty-today">{t('duty.week.today')}</span>
                    </>
                  ) : null}
                </h3>
                <ul className="duty-entries">
                  {day.entries.map((entry, index) => renderEntry(entry, day.date, index))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
