/**
 * The area tree below the admin's own areas, a level at a time: each area has a button
 * that opens or closes the areas under it (`aria-expanded`) and a button that selects it.
 */
import { useTranslation } from 'react-i18next';
import type { Area } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useArea, useChildAreas } from './hooks.ts';
import { TreeItem } from './parts.tsx';

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
  return (
    <TreeItem
      code={area.code}
      name={name(area)}
      leaf={area.level === 'subgrid'}
      selected={selected === area.code}
      onSelect={() => onSelect(area)}
      badge={<span className="badge admin-level">{t(`admin.levels.${area.level}`)}</span>}
      initiallyOpen={initiallyOpen}
    >
      <AreaChildren parent={area} selected={selected} onSelect={onSelect} depth={depth + 1} />
    </TreeItem>
  );
}

/** A root of the tree (one of the user's own areas), loaded by id and shown open. */
export function AreaRootNode({
  id,
  selected,
  onSelect,
}: {
  id: string;
  selected: string | null;
  onSelect: (area: Area) => void;
}) {
  const { t } = useTranslation();
  const area = useArea(id);
  if (area.isPending) return <Loading label={t('common.loading')} />;
  if (area.isError) return <ErrorNotice error={area.error} onRetry={() => void area.refetch()} />;
  return (
    <AreaNode area={area.data} selected={selected} onSelect={onSelect} depth={1} initiallyOpen />
  );
}
