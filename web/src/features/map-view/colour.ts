/**
 * Colour classes of the staff map. Open counts use a sequential blue scale and overdue
 * cells an orange outline and fill: blue against orange stays distinct for the common
 * colour-vision deficiencies, and every class is also named in the legend and the table.
 */
export type CellClass = 'none' | 'open1' | 'open2' | 'open3' | 'overdue' | 'unknown';

export const CELL_CLASSES: readonly CellClass[] = [
  'unknown',
  'none',
  'open1',
  'open2',
  'open3',
  'overdue',
];

export const CELL_COLOURS: Record<CellClass, { fill: string; stroke: string; weight: number }> = {
  unknown: { fill: '#d9d9d9', stroke: '#8c8c8c', weight: 0.8 },
  none: { fill: '#f7fbff', stroke: '#6b8fb3', weight: 0.8 },
  open1: { fill: '#9ecae1', stroke: '#4a7fab', weight: 1 },
  open2: { fill: '#4292c6', stroke: '#1f5f94', weight: 1 },
  open3: { fill: '#08519c', stroke: '#05305d', weight: 1.2 },
  overdue: { fill: '#fdb863', stroke: '#b35806', weight: 3 },
};

/** The class of a cell: any overdue case wins, then open counts 1–2, 3–9, 10+. */
export function classOf(counts: { open: number; overdueOpen: number } | undefined): CellClass {
  if (!counts) return 'unknown';
  if (counts.overdueOpen > 0) return 'overdue';
  if (counts.open === 0) return 'none';
  if (counts.open <= 2) return 'open1';
  if (counts.open <= 9) return 'open2';
  return 'open3';
}
