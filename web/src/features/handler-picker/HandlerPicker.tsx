/**
 * Chooses the handler of a dispatch by name among the handlers and heads of the chosen
 * department: a search box narrows a native list (keyboard and screen readers work as with
 * any select), and a live line says how many match. The value is the user id, or '' for
 * "the department assigns it".
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PICKER_LIMIT, useAssignableStaff, useDebounced } from './hooks.ts';

export function HandlerPicker({
  id,
  department,
  value,
  onChange,
  error,
  label,
}: {
  /** The id of the list (the form focuses it when its error is shown). */
  id: string;
  /** The chosen department's code or id; '' when none is chosen yet. */
  department: string;
  value: string;
  onChange: (userId: string) => void;
  error?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const staff = useAssignableStaff(department, q);
  const statusId = useId();
  const searchId = `${id}-search`;
  const items = staff.data ?? [];

  // A handler belongs to one department's list: a new department clears the search (the
  // form clears the choice when it changes the department).
  const [searchedIn, setSearchedIn] = useState(department);
  if (searchedIn !== department) {
    setSearchedIn(department);
    setSearch('');
  }

  const status = !department
    ? t('handlerPicker.chooseDepartment')
    : staff.isPending
      ? t('handlerPicker.loading')
      : items.length === 0
        ? q.trim()
          ? t('handlerPicker.noMatch', { q: q.trim() })
          : t('handlerPicker.none')
        : items.length >= PICKER_LIMIT
          ? t('handlerPicker.many', { n: items.length })
          : t('handlerPicker.count', { count: items.length });

  const chosenMissing = value !== '' && !items.some((s) => s.id === value);

  return (
    <fieldset className={`field fieldset handler-picker${error ? ' field-invalid' : ''}`}>
      <legend>
        {label ?? t('handlerPicker.legend')}{' '}
        <span className="optional">{t('common.optional')}</span>
      </legend>
      <div className="handler-picker-row">
        <label htmlFor={searchId}>{t('handlerPicker.search')}</label>
        <input
          id={searchId}
          type="search"
          value={search}
          maxLength={100}
          autoComplete="off"
          disabled={!department}
          aria-controls={id}
          aria-describedby={statusId}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="handler-picker-row">
        <label htmlFor={id}>{t('handlerPicker.handler')}</label>
        <select
          id={id}
          value={value}
          disabled={!department}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error ${statusId}` : statusId}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{t('handlerPicker.departmentAssigns')}</option>
          {chosenMissing ? <option value={value}>{t('handlerPicker.chosen')}</option> : null}
          {items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.roles.includes('department_head')
                ? t('handlerPicker.head', { name: s.displayName })
                : s.displayName}
            </option>
          ))}
        </select>
      </div>
      <p className="hint" id={statusId} role="status" aria-live="polite">
        {status}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {staff.isError ? (
        <ErrorNotice error={staff.error} onRetry={() => void staff.refetch()} />
      ) : null}
    </fieldset>
  );
}
