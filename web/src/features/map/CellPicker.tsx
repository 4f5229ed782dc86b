/**
 * The grid cells as a list, for the keyboard and screen readers: a search box narrows a
 * native listbox (arrow keys move, each move selects), kept in step with the map's
 * selection. Shown beside the staff map and under the report map.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../i18n/format.ts';
import { searchCells, type CellPoint } from './cells.ts';

/** The most cells listed at once; a search narrows the rest. */
const LIST_LIMIT = 200;

export function CellPicker({
  id,
  cells,
  selectedCode,
  onSelect,
  describe,
}: {
  id: string;
  cells: readonly CellPoint[];
  selectedCode: string | null;
  onSelect: (cell: CellPoint) => void;
  /** A few words after a cell's name (its case counts on the staff map). */
  describe?: (code: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const [search, setSearch] = useState('');
  const statusId = useId();
  const listed = useMemo(() => {
    const found = searchCells(cells, search, LIST_LIMIT);
    // The selected cell stays listed, so the list always shows what the map shows.
    const selected = cells.find((c) => c.properties.code === selectedCode);
    return selected && !found.includes(selected) ? [selected, ...found] : found;
  }, [cells, search, selectedCode]);
  const byCode = useMemo(() => new Map(cells.map((c) => [c.properties.code, c])), [cells]);
  const matches = listed.length;

  return (
    <div className="cell-picker">
      <label htmlFor={`${id}-search`}>{t('cellPicker.search')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={search}
        maxLength={100}
        autoComplete="off"
        aria-controls={id}
        aria-describedby={statusId}
        onChange={(e) => setSearch(e.target.value)}
      />
      <label htmlFor={id}>{t('cellPicker.list')}</label>
      <select
        id={id}
        size={Math.min(Math.max(matches, 2), 7)}
        value={selectedCode ?? ''}
        aria-describedby={statusId}
        onChange={(e) => {
          const cell = byCode.get(e.target.value);
          if (cell) onSelect(cell);
        }}
      >
        {/* Nothing chosen yet: without this option React would show the first cell as chosen. */}
        <option value="" disabled hidden>
          {t('cellPicker.list')}
        </option>
        {listed.map((cell) => {
          const more = describe?.(cell.properties.code);
          return (
            <option key={cell.properties.code} value={cell.properties.code}>
              {localName(cell.properties)} · {cell.properties.code}
              {more ? ` — ${more}` : ''}
            </option>
          );
        })}
      </select>
      <p className="hint" id={statusId} role="status" aria-live="polite">
        {matches === 0
          ? t('cellPicker.none')
          : matches >= LIST_LIMIT
            ? t('cellPicker.many', { n: LIST_LIMIT })
            : t('cellPicker.count', { count: matches })}
      </p>
    </div>
  );
}
