/**
 * Pickers shared by the admin forms: an area of the admin's own subtrees (typed or chosen
 * from a list of codes and names) and a department from the department tree.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../../api/types.ts';
import type { ControlProps } from '../../components/Field.tsx';
import { useSession } from '../session/hooks.ts';
import { useAreaName } from './AreaTree.tsx';
import { flattenDepartments } from '../departments/tree.ts';
import { useDepartments, useSubtreeBoundaries } from './hooks.ts';
import { adminAreas } from './roles.ts';

export interface ScopeArea {
  code: string;
  level: AreaLevel;
  nameZh: string;
  nameEn: string;
}

/**
 * Every area inside the admin's subtrees (from the boundaries of each subtree), by code;
 * undefined while loading.
 */
export function useScopeAreas(): { areas: ScopeArea[] | undefined; isError: boolean } {
  const session = useSession();
  const roots = adminAreas(session.data);
  // An admin has one or a few subtrees; each is read once and cached with the map's.
  const first = useSubtreeBoundaries(roots[0]?.code ?? null);
  const second = useSubtreeBoundaries(roots[1]?.code ?? null);
  return useMemo(() => {
    const queries = [first, second].slice(0, Math.min(roots.length, 2));
    if (queries.some((q) => q.isError)) return { areas: undefined, isError: true };
    if (queries.some((q) => !q.data)) return { areas: undefined, isError: false };
    const byCode = new Map<string, ScopeArea>();
    for (const q of queries)
      for (const f of q.data?.features ?? []) byCode.set(f.properties.code, f.properties);
    return {
      areas: [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)),
      isError: false,
    };
  }, [first, second, roots.length]);
}

/** A text input with the admin's areas as suggestions (`<datalist>`). */
export function AreaInput({
  props,
  value,
  onChange,
  areas,
}: {
  props: ControlProps;
  value: string;
  onChange: (code: string) => void;
  areas: ScopeArea[] | undefined;
}) {
  const { t } = useTranslation();
  const name = useAreaName();
  const listId = `${props.id}-areas`;
  return (
    <>
      <input
        {...props}
        type="text"
        className="mono"
        list={listId}
        autoComplete="off"
        placeholder={t('admin.pickers.areaPlaceholder')}
        value={value}
        onChange={(e) => onChange(e.target.value.trim().split(/\s/)[0] ?? '')}
      />
      <datalist id={listId}>
        {(areas ?? []).map((a) => (
          <option key={a.code} value={a.code}>
            {`${name(a)} · ${t(`admin.levels.${a.level}`)}`}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** A select of the departments in service, indented by the tree. */
export function DepartmentSelect({
  props,
  value,
  onChange,
}: {
  props: ControlProps;
  value: string;
  onChange: (code: string) => void;
}) {
  const { t } = useTranslation();
  const name = useAreaName();
  const departments = useDepartments();
  const list = departments.data ? flattenDepartments(departments.data, { inService: true }) : [];
  return (
    <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">
        {departments.isPending ? t('common.loading') : t('admin.pickers.chooseDepartment')}
      </option>
      {list.map(({ node, depth }) => (
        <option key={node.id} value={node.code}>
          {`${'\u00a0\u00a0'.repeat(depth)}${name(node)}`}
        </option>
      ))}
    </select>
  );
}

/** The department's name by code, in the reader's language (the code while loading). */
export function useDepartmentName() {
  const name = useAreaName();
  const departments = useDepartments();
  return useMemo(() => {
    const byCode = new Map(
      flattenDepartments(departments.data ?? []).map(({ node }) => [node.code, node]),
    );
    return (code: string) => {
      const d = byCode.get(code);
      return d ? name(d) : code;
    };
  }, [departments.data, name]);
}
