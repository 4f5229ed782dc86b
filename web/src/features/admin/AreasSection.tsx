/**
 * `/staff/admin/areas`: the area tree under the admin's own areas, the selected area
 * (`?area=<code>`, so it can be linked) with its place in the tree, its staff and its
 * boundary on the map, and the import of an area file.
 */
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import type { Area } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { usePublicConfig } from '../map/hooks.ts';
import { useSession } from '../session/hooks.ts';
import { AreaImport } from './AreaImport.tsx';
import { AreaOutlineMap } from './AreaOutlineMap.tsx';
import { AreaRootNode, useAreaName } from './AreaTree.tsx';
import { useArea, useSubtreeBoundaries } from './hooks.ts';
import { adminAreas } from './roles.ts';

function AreaDetails({ code }: { code: string }) {
  const { t } = useTranslation();
  const name = useAreaName();
  const area = useArea(code);
  const boundaries = useSubtreeBoundaries(code);
  const config = usePublicConfig();
  if (area.isPending) return <Loading label={t('common.loading')} />;
  if (area.isError) return <ErrorNotice error={area.error} onRetry={() => void area.refetch()} />;
  const a = area.data;
  return (
    <section className="card admin-section" aria-labelledby="area-title" data-testid="area-details">
      <h3 id="area-title">
        {name(a)} <span className="mono">{a.code}</span>
      </h3>
      <dl className="admin-facts">
        <div>
          <dt>{t('admin.areas.level')}</dt>
          <dd>{t(`admin.levels.${a.level}`)}</dd>
        </div>
        <div>
          <dt>{t('admin.areas.names')}</dt>
          <dd>
            <span lang="zh-CN">{a.nameZh}</span> · <span lang="en">{a.nameEn}</span>
          </dd>
        </div>
        <div>
          <dt>{t('admin.areas.within')}</dt>
          <dd>{a.ancestors.length > 0 ? a.ancestors.map((p) => name(p)).join(' › ') : '—'}</dd>
        </div>
        <div>
          <dt>{t('admin.areas.staff')}</dt>
          <dd>
            {a.staff && a.staff.length > 0
              ? a.staff
                  .map((s) => `${s.displayName} (${t(`admin.roles.${s.role}`, s.role)})`)
                  .join(', ')
              : t('admin.areas.noStaff')}
          </dd>
        </div>
      </dl>
      <p>
        <a
          className="btn btn-secondary"
          href={`/api/v1/areas/boundaries?within=${encodeURIComponent(a.code)}`}
          download={`areas-${a.code}.geojson`}
        >
          {t('admin.areas.export')}
        </a>
      </p>
      {boundaries.isPending || config.isPending ? (
        <Loading label={t('common.loading')} />
      ) : boundaries.isError ? (
        <ErrorNotice error={boundaries.error} onRetry={() => void boundaries.refetch()} />
      ) : a.boundary === null ? (
        <p className="muted">{t('admin.areas.noBoundary')}</p>
      ) : (
        <AreaOutlineMap
          code={a.code}
          boundaries={boundaries.data}
          tileUrl={config.data?.tileUrl ?? null}
          labels={{
            map: t('admin.areas.mapLabel', { name: name(a) }),
            zoomIn: t('map.zoomIn'),
            zoomOut: t('map.zoomOut'),
          }}
        />
      )}
    </section>
  );
}

export function AreasSection() {
  const { t } = useTranslation();
  const session = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const selected = new URLSearchParams(search).get('area');
  const roots = adminAreas(session.data);
  const select = (area: Area) =>
    navigate(`/staff/admin/areas?area=${encodeURIComponent(area.code)}`, { replace: true });

  return (
    <div className="admin-areas">
      <section className="card admin-section" aria-labelledby="area-tree-title">
        <h3 id="area-tree-title">{t('admin.areas.tree')}</h3>
        <p className="muted">{t('admin.areas.treeLead')}</p>
        {roots.length === 0 ? (
          <p className="muted">{t('admin.areas.noScope')}</p>
        ) : (
          <ul className="admin-tree" data-testid="area-tree">
            {roots.map((root) => (
              <AreaRootNode key={root.id} id={root.id} selected={selected} onSelect={select} />
            ))}
          </ul>
        )}
      </section>
      <div className="admin-areas-side">
        {selected ? (
          <AreaDetails code={selected} />
        ) : (
          <p className="card admin-section muted">{t('admin.areas.pick')}</p>
        )}
        <AreaImport />
      </div>
    </div>
  );
}
