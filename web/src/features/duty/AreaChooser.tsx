/**
 * The area whose roster is shown: its name, code and the areas it lies in, and a button
 * that opens the area tree below the user's own areas (the admin pages' tree) to choose
 * another.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaRootNode, useAreaName } from '../admin/AreaTree.tsx';
import type { AreaDetail } from '../admin/api.ts';

export function AreaChooser({
  area,
  roots,
  onSelect,
}: {
  /** The chosen area, once loaded. */
  area: AreaDetail;
  /** The user's own areas: the tree starts there. */
  roots: readonly { id: string; code: string }[];
  onSelect: (code: string) => void;
}) {
  const { t } = useTranslation();
  const name = useAreaName();
  const [open, setOpen] = useState(false);
  return (
    <section className="card duty-area" aria-labelledby="duty-area-title">
      <h2 id="duty-area-title" className="h3">
        {t('duty.area.title')}
      </h2>
      <p className="duty-area-name" data-testid="duty-area">
        <strong>{name(area)}</strong> <span className="mono small">{area.code}</span>{' '}
        <span className="badge admin-level">{t(`admin.levels.${area.level}`)}</span>
      </p>
      {area.ancestors.length > 0 ? (
        <p className="muted small">
          {t('duty.area.within', { path: area.ancestors.map((a) => name(a)).join(' › ') })}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn-secondary"
        aria-expanded={open}
        aria-controls="duty-area-tree"
        onClick={() => setOpen((v) => !v)}
      >
        {open ? t('duty.area.close') : t('duty.area.change')}
      </button>
      {open ? (
        <div id="duty-area-tree" className="duty-area-tree">
          <p className="muted small">{t('duty.area.treeHint')}</p>
          <ul className="admin-tree" data-testid="duty-area-tree">
            {roots.map((root) => (
              <AreaRootNode
                key={root.id}
                id={root.id}
                selected={area.code}
                onSelect={(chosen) => {
                  setOpen(false);
                  onSelect(chosen.code);
                }}
              />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
