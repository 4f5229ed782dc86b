/**
 * The area tree below the admin's own areas, a level at a time: each area has a button
 * that opens or closes the areas under it (`aria-expanded`) and a button that selects it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useChildAreas } from './hooks.ts';

/** The area's name in the reader's language. */
export function useAreaName() {
  const { i18n } = useTranslation();
  return (area: { nameZh: string; nameEn: string }) =>
    i18n.language.startsWith('zh') ? area.nameZh : area.nameEn;
}

function AreaChildren({
  parent,
  selected,
  onSelect,
  depth,
}: {
  parent: Area;
  selected: string | null;
  onSelect: (area: Area) => void;
  depth: number;
}) {
  const { t } = useTranslation();
  const children = useChildAreas(parent.id);
  if (children.isPending) return <Loading label={t('common.loading')} />;
  if (children.isError)
    return <ErrorNotice error={children.error} onRetry={() => void children.refetch()} />;
  if (children.data.length === 0)
    return <p className="muted admin-tree-empty">{t('admin.areas.noChildren')}</p>;
  return (
    <ul className="admin-tree-level">
      {children.data.map((child) => (
        <AreaNode
          key={child.id}
          area={child}
          selected={selected}
          onSelect={onSelect}
          depth={depth}
        />
      ))}
    </ul>
  );
}

export function AreaNode({
  area,
  selected,
  onSelect,
  depth,
  initiallyOpen = false,
}: {
  area: Area;
  selected: string | null;
  onSelect: (area: Area) => void;
  depth: number;
  initiallyOpen?: boolean;
}) {
  const { t } = useTranslation();
  const name = useAreaName();
  const [open, setOpen] = useState(initiallyOpen);
  const leaf = area.level === 'subgrid';
  const isSelected = selected === area.code;
  return (
    <li className="admin-tree-item" data-code={area.code}>
      <div className={isSelected ? 'admin-tree-row is-selected' : 'admin-tree-row'}>
        {leaf ? (
          <span className="admin-tree-toggle" aria-hidden="true" />
        ) : (
          <button
            type="button"
            className="admin-tree-toggle"
            aria-expanded={open}
            aria-label={t(open ? 'admin.areas.collapse' : 'admin.areas.expand', {
              name: name(area),
            })}
            onClick={() => setOpen((v) => !v)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        )}
        <button
          type="button"
          className="admin-tree-select"
          aria-pressed={isSelected}
          onClick={() => onSelect(area)}
        >
          <span className="admin-tree-name">{name(area)}</span>{' '}
          <span className="mono admin-tree-code">{area.code}</span>{' '}
          <span className="badge admin-level">{t(`admin.levels.${area.level}`)}</span>
        </button>
      </div>
      {open && !leaf ? (
        <AreaChildren parent={area} selected={selected} onSelect={onSelect} depth={depth + 1} />
      ) : null}
    </li>
  );
}
