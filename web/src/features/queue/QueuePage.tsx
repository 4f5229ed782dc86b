/**
 * The staff page (`/staff`): the newest cases in the signed-in user's scope with status,
 * category, grid cell, deadline and an overdue badge. The full work queue (filters, bulk
 * assignment, the case page) builds on this feature folder.
 */
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import { useSession } from '../session/hooks.ts';
import { useCases } from './hooks.ts';

const OPEN = new Set([
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'suspended',
]);

export function QueuePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const localName = useLocalName();
  const session = useSession();
  const categories = useCategoryIndex();
  const cases = useCases({ limit: 50 });
  const items = cases.data?.items ?? [];
  const overdue = items.filter((c) => c.overdue && OPEN.has(c.status)).length;

  return (
    <div className="wide">
      <PageHeading title={t('queue.title')}>
        {session.data ? t('queue.lead', { name: session.data.user.displayName }) : null}
      </PageHeading>
      {cases.isPending ? (
        <Loading block label={t('queue.loading')} />
      ) : cases.isError ? (
        <ErrorNotice error={cases.error} onRetry={() => void cases.refetch()} />
      ) : items.length === 0 ? (
        <p className="card muted">{t('queue.empty')}</p>
      ) : (
        <>
          <p className="queue-counts" role="status">
            {t('queue.count', { n: format.number(items.length) })}
            {overdue > 0 ? (
              <>
                {' · '}
                <strong className="text-danger">
                  {t('queue.overdueCount', { n: format.number(overdue) })}
                </strong>
              </>
            ) : null}
            {cases.data.nextCursor ? <> · {t('queue.more')}</> : null}
          </p>
          <div className="table-wrap">
            <table className="case-table">
              <caption className="visually-hidden">{t('queue.caption')}</caption>
              <thead>
                <tr>
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
                  return (
                    <tr
                      key={c.id}
                      className={c.overdue && OPEN.has(c.status) ? 'row-overdue' : undefined}
                    >
                      <td data-label={t('queue.columns.case')}>
                        <div>
                          <span className="case-cell-title">{c.title}</span>
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
                            {c.overdue ? (
                              <>
                                {' '}
                                <OverdueBadge />
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
        </>
      )}
    </div>
  );
}
