/**
 * The desk work queue (`/staff`): filters (status, category, priority, overdue, area code,
 * text), counts by status of the loaded cases, overdue and due-soon badges, cursor paging,
 * a row opens the case, and bulk dispatch of registered cases to a department.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { CASE_STATUSES, type Case, type CaseStatus, type Priority } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import { flattenDepartments } from '../departments/tree.ts';
import { HandlerPicker } from '../handler-picker/HandlerPicker.tsx';
import { useSession } from '../session/hooks.ts';
import type { CaseFilters } from './api.ts';
import { useBulkDispatch, useCasePages, useDepartments } from './hooks.ts';

const OPEN = new Set<CaseStatus>([
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'suspended',
]);
const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];
const DUE_SOON_MS = 2 * 60 * 60 * 1000;

/** `overdue`, `dueSoon` (within 2 h of `stageDueAt`) or nothing, for an open case. */
export function dueState(c: Case, now = Date.now()): 'overdue' | 'dueSoon' | null {
  if (!OPEN.has(c.status) || !c.stageDueAt) return null;
  if (c.overdue) return 'overdue';
  const left = new Date(c.stageDueAt).getTime() - now;
  return left <= DUE_SOON_MS ? (left < 0 ? 'overdue' : 'dueSoon') : null;
}

interface Draft {
  status: string;
  category: string;
  priority: string;
  overdue: boolean;
  area: string;
  q: string;
}
const EMPTY: Draft = { status: '', category: '', priority: '', overdue: false, area: '', q: '' };

function toFilters(d: Draft): CaseFilters {
  return {
    status: d.status ? [d.status as CaseStatus] : undefined,
    category: d.category || undefined,
    priority: d.priority ? [d.priority as Priority] : undefined,
    overdue: d.overdue || undefined,
    area: d.area.trim() || undefined,
    q: d.q.trim() || undefined,
    limit: 50,
  };
}

function BulkDispatch({
  selected,
  onDone,
  bulk,
}: {
  selected: Case[];
  onDone: () => void;
  bulk: ReturnType<typeof useBulkDispatch>;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const departments = useDepartments();
  const [department, setDepartment] = useState('');
  const [handler, setHandler] = useState('');
  const [error, setError] = useState<string>();
  const options = useMemo(
    () => flattenDepartments(departments.data ?? [], { inService: true }),
    [departments.data],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!department) {
      setError(t('queue.bulk.departmentRequired'));
      return;
    }
    setError(undefined);
    bulk.mutate(
      { cases: selected, department, ...(handler ? { handler } : {}) },
      { onSuccess: onDone },
    );
  }

  return (
    <section className="card queue-bulk" aria-labelledby="queue-bulk-title">
      <h2 id="queue-bulk-title" className="h3">
        {t('queue.bulk.title', { n: selected.length })}
      </h2>
      <form className="queue-bulk-form" onSubmit={submit} noValidate>
        <div className={error ? 'field field-invalid' : 'field'}>
          <label htmlFor="bulk-department">{t('queue.bulk.department')}</label>
          <select
            id="bulk-department"
            value={department}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'bulk-department-error' : undefined}
            onChange={(e) => {
              setDepartment(e.target.value);
              setHandler('');
            }}
            disabled={departments.isPending}
          >
            <option value="">{t('queue.bulk.choose')}</option>
            {options.map(({ node: d, depth }) => (
              <option key={d.id} value={d.code}>
                {'\u00a0\u00a0'.repeat(depth)}
                {localName(d)}
              </option>
            ))}
          </select>
          {error ? (
            <p className="field-error" id="bulk-department-error">
              {error}
            </p>
          ) : null}
        </div>
        <HandlerPicker
          id="bulk-handler"
          department={department}
          value={handler}
          onChange={setHandler}
        />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={selected.length === 0 || bulk.isPending}
        >
          {bulk.isPending ? t('common.sending') : t('queue.bulk.submit', { n: selected.length })}
        </button>
      </form>
      {departments.isError ? (
        <ErrorNotice error={departments.error} onRetry={() => void departments.refetch()} />
      ) : null}
      {bulk.data ? (
        <div role="status" aria-label={t('queue.bulk.results')}>
          <ul className="queue-bulk-results">
            {bulk.data.map((r) => (
              <li key={r.id} className={`bulk-${r.outcome}`}>
                <span className="mono">{r.trackingCode}</span>{' '}
                {r.outcome === 'ok'
                  ? t('queue.bulk.ok')
                  : r.outcome === 'conflict'
                    ? t('queue.bulk.conflict')
                    : t('queue.bulk.failed', { message: r.message ?? '' })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export function QueuePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const localName = useLocalName();
  const session = useSession();
  const categories = useCategoryIndex();
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [applied, setApplied] = useState<Draft>(EMPTY);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const bulk = useBulkDispatch();
  const filters = useMemo(() => toFilters(applied), [applied]);
  const pages = useCasePages(filters);
  const items = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const now = Date.now();
  const counts = useMemo(() => {
    const byStatus = new Map<CaseStatus, number>();
    for (const c of items) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
    return byStatus;
  }, [items]);
  const overdue = items.filter((c) => dueState(c, now) === 'overdue').length;
  const dueSoon = items.filter((c) => dueState(c, now) === 'dueSoon').length;
  const selectedCases = items.filter((c) => selected.has(c.id) && c.status === 'registered');
  const registered = items.filter((c) => c.status === 'registered');

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
    setSelected(new Set());
  }
  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  return (
    <div className="wide">
      <PageHeading title={t('queue.title')}>
        {session.data ? t('queue.lead', { name: session.data.user.displayName }) : null}
      </PageHeading>

      <form
        className="card queue-filters"
        role="search"
        aria-label={t('queue.filters.label')}
        onSubmit={apply}
      >
        <div className="field">
          <label htmlFor="f-q">{t('queue.filters.q')}</label>
          <input
            id="f-q"
            type="search"
            maxLength={100}
            value={draft.q}
            onChange={(e) => set('q', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('queue.filters.status')}</label>
          <select
            id="f-status"
            value={draft.status}
            onChange={(e) => set('status', e.target.value)}
          >
            <option value="">{t('queue.filters.any')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-category">{t('queue.filters.category')}</label>
          <select
            id="f-category"
            value={draft.category}
            onChange={(e) => set('category', e.target.value)}
          >
            <option value="">{t('queue.filters.any')}</option>
            {(categories.index?.leaves ?? []).map((leaf) => (
              <option key={leaf.node.code} value={leaf.node.code}>
                {[...leaf.path, leaf.node].map((n) => localName(n)).join(' › ')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-priority">{t('queue.filters.priority')}</label>
          <select
            id="f-priority"
            value={draft.priority}
            onChange={(e) => set('priority', e.target.value)}
          >
            <option value="">{t('queue.filters.any')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`queue.priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-area">{t('queue.filters.area')}</label>
          <input
            id="f-area"
            value={draft.area}
            maxLength={64}
            aria-describedby="f-area-hint"
            onChange={(e) => set('area', e.target.value)}
          />
          <p className="hint" id="f-area-hint">
            {t('queue.filters.areaHint')}
          </p>
        </div>
        <div className="field field-check">
          <input
            id="f-overdue"
            type="checkbox"
            checked={draft.overdue}
            onChange={(e) => set('overdue', e.target.checked)}
          />
          <label htmlFor="f-overdue">{t('queue.filters.overdue')}</label>
        </div>
        <div className="button-row">
          <button type="submit" className="btn btn-primary">
            {t('queue.filters.apply')}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
              setSelected(new Set());
            }}
          >
            {t('queue.filters.clear')}
          </button>
        </div>
      </form>

      {registered.length > 0 || bulk.data ? (
        <BulkDispatch selected={selectedCases} bulk={bulk} onDone={() => setSelected(new Set())} />
      ) : null}

      {pages.isPending ? (
        <Loading block label={t('queue.loading')} />
      ) : pages.isError ? (
        <ErrorNotice error={pages.error} onRetry={() => void pages.refetch()} />
      ) : items.length === 0 ? (
        <p className="card muted">{t('queue.empty')}</p>
      ) : (
        <>
          <div className="queue-counts" role="status">
            <p>
              {t('queue.countsLabel', { n: format.number(items.length) })}
              {pages.hasNextPage ? <> · {t('queue.more')}</> : null}
            </p>
            <ul className="queue-count-list">
              {[...counts.entries()].map(([status, n]) => (
                <li key={status}>
                  <StatusBadge status={status} /> {format.number(n)}
                </li>
              ))}
              {overdue > 0 ? (
                <li className="text-danger">
                  <strong>{t('queue.overdueCount', { n: format.number(overdue) })}</strong>
                </li>
              ) : null}
              {dueSoon > 0 ? (
                <li>{t('queue.dueSoonCount', { n: format.number(dueSoon) })}</li>
              ) : null}
            </ul>
          </div>

          <div className="table-wrap">
            <table className="case-table">
              <caption className="visually-hidden">{t('queue.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('queue.columns.select')}</span>
                  </th>
                  <th scope="col">{t('queue.columns.case')}</th>
                  <th scope="col">{t('queue.columns.status')}</th>
                  <th scope="col">{t('queue.columns.category')}</th>
                  <th scope="col">{t('queue.columns.cell')}</th>
                  <th scope="col">{t('queue.columns.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => {
                  const category = categories.index?.byCode.get(c.category)?.node;
                  const due = dueState(c, now);
                  const href = `/staff/cases/${c.id}`;
                  return (
                    <tr
                      key={c.id}
                      className={due === 'overdue' ? 'row-overdue row-link' : 'row-link'}
                      onClick={(e) => {
                        const target = e.target as HTMLElement;
                        if (target.closest('a, input, button, label')) return;
                        navigate(href);
                      }}
                    >
                      <td data-label={t('queue.columns.select')}>
                        {c.status === 'registered' ? (
                          <input
                            type="checkbox"
                            className="row-select"
                            checked={selected.has(c.id)}
                            aria-label={t('queue.selectCase', { code: c.trackingCode })}
                            onChange={(e) => toggle(c.id, e.target.checked)}
                          />
                        ) : null}
                      </td>
                      <td data-label={t('queue.columns.case')}>
                        <div>
                          <Link href={href} className="case-cell-title">
                            {c.title}
                          </Link>
                          <span className="muted small mono">{c.trackingCode}</span>
                        </div>
                      </td>
                      <td data-label={t('queue.columns.status')}>
                        <StatusBadge status={c.status} />
                      </td>
                      <td data-label={t('queue.columns.category')}>
                        {category ? localName(category) : c.category}
                      </td>
                      <td data-label={t('queue.columns.cell')}>
                        {localName(c.area) || c.area.code}
                      </td>
                      <td data-label={t('queue.columns.deadline')}>
                        {c.stageDueAt && OPEN.has(c.status) ? (
                          <div>
                            <time dateTime={c.stageDueAt}>{format.dateTime(c.stageDueAt)}</time>
                            {due === 'overdue' ? (
                              <>
                                {' '}
                                <OverdueBadge />
                              </>
                            ) : due === 'dueSoon' ? (
                              <>
                                {' '}
                                <span className="badge badge-due-soon">{t('queue.dueSoon')}</span>
                              </>
                            ) : null}
                          </div>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {pages.hasNextPage ? (
            <div className="button-row">
              <button
                type="button"
                className="btn btn-secondary"
                disabled={pages.isFetchingNextPage}
                onClick={() => void pages.fetchNextPage()}
              >
                {pages.isFetchingNextPage ? t('queue.loading') : t('queue.loadMore')}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
