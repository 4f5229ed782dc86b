/**
 * Pieces the admin sections share: a list that waits for its query, a table with a hidden
 * caption and an actions column, a saved notice, a row of a tree that opens and selects, a
 * labelled text input, a form's save and cancel buttons, the notice of an edit refused
 * because someone else saved first, and the forms a tree page opens for its selected node.
 */
import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { Loading } from '../../components/Loading.tsx';

/** Loading, then the error with a retry, then `empty` when `isEmpty`, else the children. */
export function QueryList<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty: (data: T) => boolean;
  empty: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading label={t('common.loading')} />;
  if (query.isError)
    return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty(query.data)) return <p className="muted">{empty}</p>;
  return <>{children(query.data)}</>;
}

/** A table with a caption for screen readers and a last, unnamed column for actions. */
export function AdminTable({
  testId,
  caption,
  head,
  className = 'case-table',
  children,
}: {
  testId: string;
  caption: string;
  /** The header cells before the actions column. */
  head: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head}
            <th scope="col">
              <span className="visually-hidden">{t('admin.tokens.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A success notice, shown while there is a message. */
export function SavedNotice({ message, testId }: { message: ReactNode; testId?: string }) {
  if (!message) return null;
  return (
    <p className="notice notice-success" role="status" data-testid={testId}>
      {message}
    </p>
  );
}

/**
 * An item of an admin tree: a button that opens or closes the level under it
 * (`aria-expanded`, none for a leaf) and a button that selects it.
 */
export function TreeItem({
  code,
  name,
  leaf,
  selected,
  onSelect,
  badge,
  initiallyOpen = false,
  children,
}: {
  code: string;
  name: string;
  leaf: boolean;
  selected: boolean;
  onSelect: () => void;
  /** Shown after the code in the select button. */
  badge?: ReactNode;
  initiallyOpen?: boolean;
  /** The level under the item, rendered only while it is open. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <li className="admin-tree-item" data-code={code}>
      <div className={selected ? 'admin-tree-row is-selected' : 'admin-tree-row'}>
        {leaf ? (
          <span className="admin-tree-toggle" aria-hidden="true" />
        ) : (
          <button
            type="button"
            className="admin-tree-toggle"
            aria-expanded={open}
            aria-label={t(open ? 'admin.areas.collapse' : 'admin.areas.expand', { name })}
            onClick={() => setOpen((v) => !v)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        )}
        <button
          type="button"
          className="admin-tree-select"
          aria-pressed={selected}
          onClick={onSelect}
        >
          <span className="admin-tree-name">{name}</span>{' '}
          <span className="mono admin-tree-code">{code}</span>
          {badge ? <> {badge}</> : null}
        </button>
      </div>
      {open && !leaf ? children : null}
    </li>
  );
}

/** A `Field` holding one input whose value is a string state. */
export function InputField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onChange,
  ...input
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'maxLength' | 'autoComplete' | 'spellCheck' | 'inputMode' | 'min' | 'step' | 'className'
>) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(props) => (
        <input {...props} {...input} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** A form's submit button (its label, or "sending" while pending) and a cancel button. */
export function SaveCancel({
  label,
  pending,
  onCancel,
}: {
  label: string;
  pending: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="admin-actions">
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? t('common.sending') : label}
      </button>
      <button type="button" className="btn btn-secondary" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
    </div>
  );
}

/**
 * An edit refused (409) because someone else saved first: an alert that takes the focus
 * when it appears, with the form's explanation and a button to load what is stored.
 */
export function ConflictNotice({
  testId,
  children,
  reloadLabel,
  onReload,
  busy = false,
}: {
  testId: string;
  children: ReactNode;
  reloadLabel: string;
  onReload: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice notice-error" role="alert" tabIndex={-1} ref={ref} data-testid={testId}>
      {children}
      <button type="button" className="btn btn-secondary" disabled={busy} onClick={onReload}>
        {busy ? t('common.loading') : reloadLabel}
      </button>
    </div>
  );
}

/** Which form a tree page has open: a new root, a new child of the selection, or an edit of it. */
export type TreeForm = 'root' | 'child' | 'edit';

/**
 * The open form of a tree page and the notice of its last save: `toggle` opens a form (or
 * closes it when open), `saved` closes it, shows the message and selects the saved node.
 */
export function useTreeForms(select: (code: string) => void) {
  const [form, setForm] = useState<TreeForm | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return {
    form,
    message,
    toggle(which: TreeForm) {
      setMessage(null);
      setForm(form === which ? null : which);
    },
    close: () => setForm(null),
    saved(text: string, code: string) {
      setForm(null);
      setMessage(text);
      select(code);
    },
  };
}

/** The buttons that open the edit and add-a-child forms of the selected node. */
export function NodeFormButtons({
  form,
  onToggle,
  editLabel,
  addChildLabel,
}: {
  form: TreeForm | null;
  onToggle: (which: TreeForm) => void;
  editLabel: string;
  addChildLabel: string;
}) {
  return (
    <div className="admin-actions">
      <button
        type="button"
        className="btn btn-secondary"
        aria-expanded={form === 'edit'}
        onClick={() => onToggle('edit')}
      >
        {editLabel}
      </button>
      <button
        type="button"
        className="btn btn-secondary"
        aria-expanded={form === 'child'}
        onClick={() => onToggle('child')}
      >
        {addChildLabel}
      </button>
    </div>
  );
}

/**
 * The card of a tree page: its title, the button and form that add a root, and the tree
 * once loaded (loading, error with retry and empty states from QueryList).
 */
export function TreeCard<T extends readonly unknown[]>({
  id,
  title,
  addRootLabel,
  forms,
  rootForm,
  query,
  empty,
  testId,
  children,
}: {
  id: string;
  title: string;
  addRootLabel: string;
  forms: ReturnType<typeof useTreeForms>;
  rootForm: ReactNode;
  query: UseQueryResult<T>;
  empty: string;
  testId: string;
  /** The tree's items (the list element is the card's). */
  children: (roots: T) => ReactNode;
}) {
  return (
    <section className="card admin-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <div className="admin-actions">
        <button
          type="button"
          className="btn btn-secondary"
          aria-expanded={forms.form === 'root'}
          onClick={() => forms.toggle('root')}
        >
          {addRootLabel}
        </button>
      </div>
      {forms.form === 'root' ? rootForm : null}
      <QueryList query={query} isEmpty={(roots) => roots.length === 0} empty={empty}>
        {(roots) => (
          <ul className="admin-tree" data-testid={testId}>
            {children(roots)}
          </ul>
        )}
      </QueryList>
    </section>
  );
}
