/**
 * Planning a shift, or changing one: its date, start and end (an end at or before the
 * start is on the next day), the officer on duty (A) and cover (B) chosen by name from
 * the staff who may stand duty there, a note, and for a new shift the number of days to
 * plan it on. The server's refusals show beside the field they name; an edit refused
 * because someone saved first keeps what was typed and offers to load the saved shift.
 */
import { useDeferredValue, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { ConflictNotice, SaveCancel } from '../admin/parts.tsx';
import type { DutyShift } from './api.ts';
import { useDutyFormat } from './duty-format.ts';
import { useCandidates, useCreateShifts, useUpdateShift } from './hooks.ts';
import { endDateOf, isLocalDate, isLocalTime, spanOf, timesOf, type LocalDate } from './roster.ts';

const MAX_NOTE = 300;
const MAX_REPEAT = 31;

type FieldName = 'date' | 'start' | 'end' | 'primary' | 'backup' | 'note' | 'repeat';

/** The server's field pointers and the form's fields that show them. */
const SERVER_FIELDS: Record<string, FieldName> = {
  '/startsAt': 'start',
  '/endsAt': 'end',
  '/primaryUserId': 'primary',
  '/backupUserId': 'backup',
  '/note': 'note',
  '/repeatDays': 'repeat',
};

/** True for a refusal because the shift changed since it was read (not an overlap). */
function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'stale-version';
}

/** True for a refusal because the shift overlaps another of the same area. */
function isOverlap(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code !== 'stale-version';
}

export function ShiftForm({
  area,
  shift,
  defaultDate,
  timeZone,
  others,
  onDone,
  onCancel,
  onReload,
}: {
  /** The area the shift is planned on (for an edit: the shift's own). */
  area: { id: string; code: string };
  /** The shift being changed; none for a new one. */
  shift?: DutyShift;
  /** The date a new shift starts on. */
  defaultDate: LocalDate;
  timeZone: string;
  /** The shifts already shown, to name the one an overlap is with. */
  others: readonly DutyShift[];
  onDone: (message: string) => void;
  onCancel: () => void;
  /** Reads the stored shift again (after a refused edit); undefined when it is gone. */
  onReload?: (id: string) => Promise<DutyShift | undefined>;
}) {
  const { t } = useTranslation();
  const format = useDutyFormat(timeZone);
  const create = useCreateShifts();
  const update = useUpdateShift();
  const mutation = shift ? update : create;

  const [original, setOriginal] = useState(shift);
  const initial = shift
    ? timesOf(shift, timeZone)
    : { date: defaultDate, start: '', end: '', extraDays: 0 };
  const [date, setDate] = useState(initial.date);
  const [start, setStart] = useState(initial.start);
  const [end, setEnd] = useState(initial.end);
  const [extraDays, setExtraDays] = useState(initial.extraDays);
  const [primary, setPrimary] = useState(shift?.primary.id ?? '');
  const [backup, setBackup] = useState(shift?.backup?.id ?? '');
  const [note, setNote] = useState(shift?.note ?? '');
  const [repeat, setRepeat] = useState('1');
  const [query, setQuery] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [reloading, setReloading] = useState(false);
  const [gone, setGone] = useState(false);

  const deferredQuery = useDeferredValue(query.trim());
  const candidates = useCandidates(area.code, deferredQuery);
  // Whoever is chosen stays offered while the list is filtered by another name.
  const [known, setKnown] = useState(() => {
    const map = new Map<string, string>();
    if (shift) map.set(shift.primary.id, shift.primary.displayName);
    if (shift?.backup) map.set(shift.backup.id, shift.backup.displayName);
    return map;
  });
  const listed = candidates.data ?? [];
  const options = [
    ...listed.map((c) => ({
      id: c.id,
      label: `${c.displayName} (${c.roles.map((r) => t(`admin.roles.${r}`, r)).join(', ')})`,
    })),
    ...[...known]
      .filter(([id]) => (id === primary || id === backup) && !listed.some((c) => c.id === id))
      .map(([id, name]) => ({ id, label: name })),
  ];
  const remember = (id: string) => {
    const found = listed.find((c) => c.id === id);
    if (found && !known.has(id)) setKnown(new Map(known).set(id, found.displayName));
  };

  const started = original !== undefined && Date.parse(original.startsAt) <= Date.now();
  const timesValid = isLocalDate(date) && isLocalTime(start) && isLocalTime(end);
  const times = { date, start, end, extraDays };

  const serverError = (field: FieldName): string | undefined => {
    if (!(mutation.error instanceof ApiError)) return undefined;
    const pointer = Object.entries(SERVER_FIELDS).find(([, f]) => f === field)?.[0];
    if (!pointer || !mutation.error.fieldErrors.some((e) => e.field === pointer)) return undefined;
    return t(`duty.form.server.${field}`);
  };
  const errorOf = (field: FieldName) => errors[field] ?? serverError(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<FieldName, string>> = {};
    if (!isLocalDate(date)) next.date = t('duty.form.dateRequired');
    if (!isLocalTime(start)) next.start = t('duty.form.timeRequired');
    if (!isLocalTime(end)) next.end = t('duty.form.timeRequired');
    else if (isLocalDate(date) && isLocalTime(start)) {
      const span = spanOf(times, timeZone);
      if (Date.parse(span.endsAt) <= Date.now()) next.end = t('duty.form.over');
    }
    if (!primary) next.primary = t('duty.form.primaryRequired');
    if (backup && backup === primary) next.backup = t('duty.form.backupSame');
    const days = Number(repeat);
    if (!shift && (!Number.isInteger(days) || days < 1 || days > MAX_REPEAT))
      next.repeat = t('duty.form.repeatInvalid', { max: MAX_REPEAT });
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      document.getElementById(`shift-${first}`)?.focus();
      return;
    }
    const span = spanOf(times, timeZone);
    const officers = { primaryUserId: primary, backupUserId: backup || null };
    const text = note.trim() || null;
    if (!original) {
      create.mutate(
        {
          area: area.code,
          ...span,
          ...officers,
          note: text,
          ...(days > 1 ? { repeatDays: days } : {}),
        },
        { onSuccess: (items) => onDone(t('duty.form.created', { count: items.length })) },
      );
    } else {
      update.mutate(
        {
          id: original.id,
          change: {
            version: original.version,
            // A running shift keeps its start: send it only when it moved.
            ...(span.startsAt !== new Date(original.startsAt).toISOString()
              ? { startsAt: span.startsAt }
              : {}),
            ...(span.endsAt !== new Date(original.endsAt).toISOString()
              ? { endsAt: span.endsAt }
              : {}),
            ...officers,
            note: text,
          },
        },
        { onSuccess: () => onDone(t('duty.form.saved')) },
      );
    }
  };

  const reload = async () => {
    if (!original || !onReload) return;
    setReloading(true);
    try {
      const fresh = await onReload(original.id);
      if (!fresh) {
        setGone(true);
        return;
      }
      update.reset();
      setErrors({});
      setOriginal(fresh);
      const stored = timesOf(fresh, timeZone);
      setDate(stored.date);
      setStart(stored.start);
      setEnd(stored.end);
      setExtraDays(stored.extraDays);
      setPrimary(fresh.primary.id);
      setBackup(fresh.backup?.id ?? '');
      setNote(fresh.note ?? '');
      const names = new Map(known).set(fresh.primary.id, fresh.primary.displayName);
      if (fresh.backup) names.set(fresh.backup.id, fresh.backup.displayName);
      setKnown(names);
    } finally {
      setReloading(false);
    }
  };

  const overlapWith = (() => {
    if (!isOverlap(mutation.error) || !timesValid) return undefined;
    const span = spanOf(times, timeZone);
    const days = original ? 1 : Math.max(1, Number(repeat) || 1);
    const endMs = Date.parse(span.endsAt) + (days - 1) * 86_400_000;
    return others.find(
      (o) =>
        o.area.id === area.id &&
        o.id !== original?.id &&
        Date.parse(o.startsAt) < endMs &&
        Date.parse(o.endsAt) > Date.parse(span.startsAt),
    );
  })();

  const endsHint = timesValid
    ? t('duty.form.endsOn', {
        day: format.day(endDateOf(times)),
        time: end,
      })
    : t('duty.form.endHint');
  const title = original
    ? t('duty.form.editTitle', { when: format.instant(original.startsAt) })
    : t('duty.form.addTitle');

  return (
    <form className="duty-form" onSubmit={submit} noValidate data-testid="shift-form">
      <fieldset>
        <legend>{title}</legend>
        <Field
          id="shift-date"
          label={t('duty.form.date')}
          hint={started ? t('duty.form.startedHint') : undefined}
          error={errorOf('date')}
          required
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={date}
              readOnly={started}
              onChange={(e) => setDate(e.target.value)}
            />
          )}
        </Field>
        <div className="duty-form-times">
          <Field id="shift-start" label={t('duty.form.start')} error={errorOf('start')} required>
            {(props) => (
              <input
                {...props}
                type="time"
                step={60}
                value={start}
                readOnly={started}
                onChange={(e) => setStart(e.target.value)}
              />
            )}
          </Field>
          <Field id="shift-end" label={t('duty.form.end')} error={errorOf('end')} required>
            {(props) => (
              <input
                {...props}
                aria-describedby={[props['aria-describedby'], 'shift-ends']
                  .filter(Boolean)
                  .join(' ')}
                type="time"
                step={60}
                value={end}
                onChange={(e) => {
                  setEnd(e.target.value);
                  setExtraDays(0);
                }}
              />
            )}
          </Field>
        </div>
        <p className="hint duty-form-ends" id="shift-ends" aria-live="polite">
          {endsHint}
        </p>
        <Field id="shift-find" label={t('duty.form.find')} hint={t('duty.form.findHint')}>
          {(props) => (
            <input
              {...props}
              type="search"
              autoComplete="off"
              maxLength={100}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          )}
        </Field>
        {candidates.isError ? (
          <p className="field-error" role="alert">
            {t('duty.form.candidatesFailed')}
          </p>
        ) : null}
        <Field
          id="shift-primary"
          label={t('duty.form.primary')}
          error={errorOf('primary')}
          required
        >
          {(props) => (
            <select
              {...props}
              value={primary}
              onChange={(e) => {
                remember(e.target.value);
                setPrimary(e.target.value);
              }}
            >
              <option value="">
                {candidates.isPending ? t('common.loading') : t('duty.form.choosePrimary')}
              </option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="shift-backup" label={t('duty.form.backup')} error={errorOf('backup')}>
          {(props) => (
            <select
              {...props}
              value={backup}
              onChange={(e) => {
                remember(e.target.value);
                setBackup(e.target.value);
              }}
            >
              <option value="">{t('duty.form.noBackup')}</option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!candidates.isPending && options.length === 0 ? (
          <p className="muted small">
            {deferredQuery ? t('duty.form.noMatch') : t('duty.form.noCandidates')}
          </p>
        ) : null}
        <Field id="shift-note" label={t('duty.form.note')} error={errorOf('note')}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              maxLength={MAX_NOTE}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        {original ? null : (
          <Field
            id="shift-repeat"
            label={t('duty.form.repeat')}
            hint={t('duty.form.repeatHint', { max: MAX_REPEAT })}
            error={errorOf('repeat')}
            required
          >
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                className="input-short"
                min={1}
                max={MAX_REPEAT}
                step={1}
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
              />
            )}
          </Field>
        )}
        {isStale(mutation.error) ? (
          <ConflictNotice
            testId="shift-conflict"
            reloadLabel={t('duty.form.reload')}
            busy={reloading}
            onReload={() => void reload()}
          >
            <p>{gone ? t('duty.form.gone') : t('duty.form.conflict')}</p>
          </ConflictNotice>
        ) : null}
        {isOverlap(mutation.error) ? (
          <div className="field-error form-problem" role="alert" data-testid="shift-overlap">
            <p>
              {overlapWith
                ? t('duty.form.overlapWith', {
                    start: format.instant(overlapWith.startsAt),
                    end: format.instant(overlapWith.endsAt),
                    name: overlapWith.primary.displayName,
                  })
                : t('duty.form.overlap')}
            </p>
            {!overlapWith && mutation.error instanceof ApiError && mutation.error.detail ? (
              <p>{mutation.error.detail}</p>
            ) : null}
          </div>
        ) : null}
        <SaveCancel
          label={original ? t('duty.form.save') : t('duty.form.add')}
          pending={mutation.isPending}
          onCancel={onCancel}
        />
      </fieldset>
      {mutation.error && !isStale(mutation.error) && !isOverlap(mutation.error) ? (
        <FormProblem error={mutation.error} shownFields={Object.keys(SERVER_FIELDS)} detail />
      ) : null}
    </form>
  );
}
