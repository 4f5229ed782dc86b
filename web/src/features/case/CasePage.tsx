/**
 * The case page (`/staff/cases/:id`): summary with per-stage deadlines, a small map,
 * photos, the timeline, the steps this user may take now (one form each), and — while the
 * case is submitted — open cases of the same category within about 100 m, side by side.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import { AreaMap } from '../map/AreaMap.tsx';
import { useBoundaries, usePublicConfig } from '../map/hooks.ts';
import { ActionForm, isAction, type ActionName } from './ActionForm.tsx';
import type { CaseDetail } from './api.ts';
import { attachmentUrl, useCase, useCaseEvents, useOpenCasesOfCategory } from './hooks.ts';

const NEARBY_M = 100;

/** Metres between two points (haversine). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

function Duplicates({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const open = useOpenCasesOfCategory(c.category);
  const [chosen, setChosen] = useState<{ id: string; code: string }>();
  const near = useMemo(
    () =>
      (open.data?.items ?? [])
        .filter((o) => o.id !== c.id)
        .map((o) => ({ o, d: distanceM(c, o) }))
        .filter((x) => x.d <= NEARBY_M)
        .sort((x, y) => x.d - y.d),
    [open.data, c],
  );
  return (
    <section className="card" aria-labelledby="dup-title">
      <h2 id="dup-title" className="h3">
        {t('casePage.duplicates.title')}
      </h2>
      {open.isPending ? (
        <Loading label={t('casePage.duplicates.loading')} />
      ) : open.isError ? (
        <ErrorNotice error={open.error} onRetry={() => void open.refetch()} />
      ) : near.length === 0 ? (
        <p className="muted">{t('casePage.duplicates.none')}</p>
      ) : (
        <ul className="dup-list">
          {near.map(({ o, d }) => (
            <li key={o.id} className="dup-item">
              <div className="dup-side">
                <p className="small muted">{t('casePage.duplicates.thisCase')}</p>
                <p>{c.description}</p>
              </div>
              <div className="dup-side">
                <p className="small muted">
                  <Link href={`/staff/cases/${o.id}`}>{o.trackingCode}</Link> ·{' '}
                  {t('casePage.duplicates.distance', { m: format.number(Math.round(d)) })} ·{' '}
                  <StatusBadge status={o.status} />
                </p>
                <p>{o.description}</p>
                {c.actions.includes('reject') ? (
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => setChosen({ id: o.id, code: o.trackingCode })}
                  >
                    {t('casePage.duplicates.reject', { code: o.trackingCode })}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {chosen ? (
        <ActionForm
          key={chosen.id}
          caseId={c.id}
          action="reject"
          version={c.version}
          initial={{
            duplicateOf: chosen.id,
            reason: t('casePage.duplicates.reason', { code: chosen.code }),
          }}
        />
      ) : null}
    </section>
  );
}

export function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localName = useLocalName();
  const categories = useCategoryIndex();
  const query = useCase(id);
  const events = useCaseEvents(id);
  const config = usePublicConfig();
  const cells = useBoundaries('grid');
  const [open, setOpen] = useState<ActionName>();

  if (query.isPending) return <Loading block label={t('casePage.loading')} />;
  if (query.isError)
    return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const category = categories.index?.byCode.get(c.category);
  const photos = (events.data ?? []).flatMap((e) =>
    e.attachments.filter((a) => a.mediaType.startsWith('image/')).map((a) => ({ ...a, at: e.at })),
  );

  return (
    <div className="wide case-page">
      <p>
        <Link href="/staff">{t('casePage.back')}</Link>
      </p>
      <PageHeading title={c.title}>
        <span className="mono">{c.trackingCode}</span> · <StatusBadge status={c.status} />
        {c.overdue ? (
          <>
            {' '}
            <OverdueBadge />
          </>
        ) : null}
      </PageHeading>
      <div className="case-grid">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title" className="h3">
            {t('casePage.summary')}
          </h2>
          <dl className="case-summary">
            <dt>{t('casePage.category')}</dt>
            <dd>
              {category
                ? [...category.path, category.node].map((n) => localName(n)).join(' › ')
                : c.category}
            </dd>
            <dt>{t('casePage.priority')}</dt>
            <dd>{t(`queue.priority.${c.priority}`)}</dd>
            <dt>{t('casePage.area')}</dt>
            <dd>{localName(c.area) || c.area.code}</dd>
            <dt>{t('casePage.department')}</dt>
            <dd>{c.department ? localName(c.department) : '—'}</dd>
            <dt>{t('casePage.handler')}</dt>
            <dd>{c.handler ? (c.handler.displayName ?? t('casePage.handlerUnknown')) : '—'}</dd>
            <dt>{t('casePage.address')}</dt>
            <dd>{c.address ?? '—'}</dd>
            <dt>{t('casePage.reported')}</dt>
            <dd>
              <time dateTime={c.createdAt}>{format.dateTime(c.createdAt)}</time>
            </dd>
            {c.reporter && !c.reporter.anonymous ? (
              <>
                <dt>{t('casePage.reporter')}</dt>
                <dd>
                  {[c.reporter.name, c.reporter.phone, c.reporter.email]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </dd>
              </>
            ) : null}
            {c.answer ? (
              <>
                <dt>{t('casePage.answer')}</dt>
                <dd>{c.answer}</dd>
              </>
            ) : null}
          </dl>
          <p className="case-description">{c.description}</p>
          {c.deadlines && Object.keys(c.deadlines).length > 0 ? (
            <table className="deadline-table">
              <caption>{t('casePage.deadlines')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('casePage.stage')}</th>
                  <th scope="col">{t('casePage.due')}</th>
                  <th scope="col">{t('casePage.done')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(c.deadlines).map(([stage, d]) => (
                  <tr key={stage} className={d.overdue ? 'row-overdue' : undefined}>
                    <th scope="row">{t(`casePage.stages.${stage}`, { defaultValue: stage })}</th>
                    <td>
                      <time dateTime={d.due}>{format.dateTime(d.due)}</time>
                      {d.overdue ? (
                        <>
                          {' '}
                          <OverdueBadge />
                        </>
                      ) : null}
                    </td>
                    <td>{d.doneAt ? format.dateTime(d.doneAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <section className="card" aria-labelledby="map-title">
          <h2 id="map-title" className="h3">
            {t('casePage.map')}
          </h2>
          <div className="map-frame case-map">
            <AreaMap
              cells={cells.data}
              tileUrl={config.data?.tileUrl ?? null}
              point={{ lat: c.lat, lon: c.lon }}
              selectedCode={c.area.code}
              onPick={() => undefined}
              labels={{
                map: t('map.label'),
                pin: t('casePage.pin'),
                zoomIn: t('map.zoomIn'),
                zoomOut: t('map.zoomOut'),
              }}
            />
          </div>
        </section>
      </div>

      {c.status === 'submitted' ? <Duplicates c={c} /> : null}

      <section className="card" aria-labelledby="actions-title">
        <h2 id="actions-title" className="h3">
          {t('casePage.actionsTitle')}
        </h2>
        {c.actions.length === 0 ? (
          <p className="muted">{t('casePage.noActions')}</p>
        ) : (
          <>
            <div className="button-row action-buttons">
              {c.actions.filter(isAction).map((a) => (
                <button
                  key={a}
                  type="button"
                  className={open === a ? 'btn btn-primary' : 'btn btn-secondary'}
                  aria-expanded={open === a}
                  aria-controls="action-panel"
                  onClick={() => setOpen(open === a ? undefined : a)}
                >
                  {t(`casePage.actions.${a}`)}
                </button>
              ))}
            </div>
            <div id="action-panel">
              {open && c.actions.includes(open) ? (
                <ActionForm key={open} caseId={c.id} action={open} version={c.version} />
              ) : null}
            </div>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="photos-title">
        <h2 id="photos-title" className="h3">
          {t('casePage.photos')}
        </h2>
        {photos.length === 0 ? (
          <p className="muted">{t('casePage.noPhotos')}</p>
        ) : (
          <ul className="photo-grid">
            {photos.map((p, i) => (
              <li key={p.id}>
                <a href={attachmentUrl(p.id)} target="_blank" rel="noreferrer">
                  <img
                    src={attachmentUrl(p.id)}
                    alt={t('casePage.photoAlt', { n: i + 1, at: format.dateTime(p.at) })}
                    loading="lazy"
                  />
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="h3">
          {t('casePage.timeline')}
        </h2>
        {events.isPending ? (
          <Loading label={t('casePage.loading')} />
        ) : events.isError ? (
          <ErrorNotice error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <ol className="timeline">
            {events.data.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{format.dateTime(e.at)}</time>{' '}
                <strong>
                  {isAction(e.action) ? t(`casePage.actions.${e.action}`) : (e.action ?? e.kind)}
                </strong>
                {e.toStatus ? (
                  <>
                    {' → '}
                    <StatusBadge status={e.toStatus} />
                  </>
                ) : null}
                {e.actor?.name ? <span className="muted"> · {e.actor.name}</span> : null}
                {e.public ? <span className="muted"> · {t('casePage.public')}</span> : null}
                {e.note ? <p>{e.note}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
