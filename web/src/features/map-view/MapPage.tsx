/**
 * `/staff/map`: the grid cells coloured by their open and overdue cases. A click on a
 * cell, the arrow keys on the focused map, the list of cells beside it or a row of the
 * table below select a cell: its name and counts show, with a link to the queue filtered
 * by that area (`/staff?area=<code>`).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { cellPoints } from '../map/cells.ts';
import { CellPicker } from '../map/CellPicker.tsx';
import { useBoundaries, usePublicConfig } from '../map/hooks.ts';
import { CellMap } from './CellMap.tsx';
import { CELL_CLASSES, CELL_COLOURS, classOf } from './colour.ts';
import { useCellCounts } from './hooks.ts';

const TABLE_ROWS = 50;

export function MapPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('mapView.title'));
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const boundaries = useBoundaries('grid');
  const config = usePublicConfig();
  const parents = useMemo(() => {
    const set = new Set<string>();
    for (const f of boundaries.data?.features ?? [])
      if (f.properties.parentCode) set.add(f.properties.parentCode);
    return [...set].sort();
  }, [boundaries.data]);
  const counts = useCellCounts(parents);
  const [selected, setSelected] = useState<string | null>(null);
  const zh = i18n.language.startsWith('zh');

  const features = boundaries.data?.features ?? [];
  const points = useMemo(() => cellPoints(boundaries.data), [boundaries.data]);
  const byCode = useMemo(
    () => new Map(features.map((f) => [f.properties.code, f.properties])),
    [features],
  );
  const ranked = useMemo(
    () =>
      [...counts.counts.values()]
        .filter((c) => c.open > 0)
        .sort(
          (a, b) =>
            b.overdueOpen - a.overdueOpen ||
            b.open - a.open ||
            a.area.code.localeCompare(b.area.code),
        )
        .slice(0, TABLE_ROWS),
    [counts.counts],
  );

  const selectedCell = selected ? byCode.get(selected) : undefined;
  const selectedCounts = selected ? counts.counts.get(selected) : undefined;
  const nameOf = (p: { nameZh: string; nameEn: string }) => (zh ? p.nameZh : p.nameEn);

  return (
    <div className="wide map-view">
      <PageHeading title={t('mapView.title')}>{t('mapView.lead')}</PageHeading>
      {boundaries.isPending ? (
        <Loading block label={t('common.loading')} />
      ) : boundaries.isError ? (
        <ErrorNotice error={boundaries.error} onRetry={() => void boundaries.refetch()} />
      ) : features.length === 0 ? (
        <p className="card muted">{t('mapView.noCells')}</p>
      ) : (
        <>
          {counts.error ? (
            <ErrorNotice error={counts.error} onRetry={() => void counts.refetch()} />
          ) : counts.isPending ? (
            <Loading label={t('mapView.loadingCounts')} />
          ) : null}
          <div className="map-view-grid">
            <div className="map-view-frame">
              <CellMap
                cells={boundaries.data}
                counts={counts.counts}
                tileUrl={config.data?.tileUrl ?? null}
                selectedCode={selected}
                onSelect={setSelected}
                labels={{
                  map: t('mapView.mapLabel'),
                  zoomIn: t('map.zoomIn'),
                  zoomOut: t('map.zoomOut'),
                }}
              />
            </div>
            <aside className="map-view-side">
              <section className="card" aria-labelledby="map-legend-title">
                <h2 id="map-legend-title" className="h3">
                  {t('mapView.legend')}
                </h2>
                <ul className="map-legend">
                  {CELL_CLASSES.map((c) => (
                    <li key={c}>
                      <span
                        className="map-legend-swatch"
                        aria-hidden="true"
                        style={{
                          background: CELL_COLOURS[c].fill,
                          borderColor: CELL_COLOURS[c].stroke,
                          borderWidth: c === 'overdue' ? 3 : 1,
                        }}
                      />
                      {t(`mapView.classes.${c}`)}
                    </li>
                  ))}
                </ul>
              </section>
              <section className="card" aria-labelledby="map-pick-title">
                <h2 id="map-pick-title" className="h3">
                  {t('mapView.pickTitle')}
                </h2>
                <CellPicker
                  id="map-cell-list"
                  cells={points}
                  selectedCode={selected}
                  onSelect={(cell) => setSelected(cell.properties.code)}
                  describe={(code) => {
                    const c = counts.counts.get(code);
                    return c
                      ? t('mapView.listCounts', {
                          open: number.format(c.open),
                          overdue: number.format(c.overdueOpen),
                        })
                      : undefined;
                  }}
                />
              </section>
              <section
                className="card map-view-detail"
                aria-labelledby="map-detail-title"
                aria-live="polite"
              >
                <h2 id="map-detail-title" className="h3">
                  {selectedCell ? nameOf(selectedCell) : t('mapView.detailTitle')}
                </h2>
                {selectedCell ? (
                  <>
                    <p className="muted small mono">{selectedCell.code}</p>
                    {selectedCounts ? (
                      <dl className="map-view-counts">
                        <dt>{t('mapView.open')}</dt>
                        <dd data-testid="cell-open">{number.format(selectedCounts.open)}</dd>
                        <dt>{t('mapView.overdueOpen')}</dt>
                        <dd data-testid="cell-overdue">
                          {number.format(selectedCounts.overdueOpen)}
                        </dd>
                      </dl>
                    ) : (
                      <p className="muted">{t('mapView.outOfScope')}</p>
                    )}
                    <Link
                      href={`/staff?area=${encodeURIComponent(selectedCell.code)}`}
                      className="btn btn-primary"
                    >
                      {t('mapView.openQueue')}
                    </Link>
                  </>
                ) : (
                  <p className="muted">{t('mapView.pickHint')}</p>
                )}
              </section>
            </aside>
          </div>
          <section className="map-view-table" aria-labelledby="map-table-title">
            <h2 id="map-table-title" className="h3">
              {t('mapView.tableTitle')}
            </h2>
            {ranked.length === 0 ? (
              <p className="card muted">
                {counts.isPending ? t('common.loading') : t('mapView.noOpen')}
              </p>
            ) : (
              <div className="table-wrap">
                <table className="case-table">
                  <caption className="visually-hidden">{t('mapView.tableCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('mapView.cell')}</th>
                      <th scope="col">{t('mapView.open')}</th>
                      <th scope="col">{t('mapView.overdueOpen')}</th>
                      <th scope="col">{t('mapView.class')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ranked.map((c) => (
                      <tr
                        key={c.area.code}
                        className={c.area.code === selected ? 'is-selected' : undefined}
                      >
                        <th scope="row">
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => setSelected(c.area.code)}
                          >
                            {nameOf(c.area)}
                          </button>{' '}
                          <span className="muted small mono">{c.area.code}</span>
                        </th>
                        <td>{number.format(c.open)}</td>
                        <td>{number.format(c.overdueOpen)}</td>
                        <td>{t(`mapView.classes.${classOf(c)}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
