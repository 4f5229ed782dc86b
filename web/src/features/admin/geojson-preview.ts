/**
 * A first look at an area file before it is sent: what it holds (features by level, the
 * codes) and the problems the browser can already see. The server checks everything
 * again (parents, code patterns, the tree) and imports all or nothing.
 */
import type { AreaLevel } from '../../api/types.ts';

export const AREA_LEVELS: readonly AreaLevel[] = [
  'city',
  'district',
  'street',
  'community',
  'grid',
  'subgrid',
];

/** One problem, with the feature it is about (index, and code when it has one). */
export interface PreviewProblem {
  feature: number | null;
  code: string | null;
  reason:
    | 'notJson'
    | 'notCollection'
    | 'noFeatures'
    | 'notFeature'
    | 'noCode'
    | 'badLevel'
    | 'noNames'
    | 'badGeometry'
    | 'openRing'
    | 'duplicateCode';
}

export interface AreaFilePreview {
  features: number;
  byLevel: Partial<Record<AreaLevel, number>>;
  codes: string[];
  problems: PreviewProblem[];
  /** The parsed file, to send as it is. */
  file: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ringsOf(geometry: Record<string, unknown>): unknown[] | null {
  const { type, coordinates } = geometry;
  if (!Array.isArray(coordinates) || coordinates.length === 0) return null;
  if (type === 'Polygon') return coordinates;
  if (type === 'MultiPolygon') return coordinates.flatMap((p) => (Array.isArray(p) ? p : [null]));
  return null;
}

function closed(ring: unknown): boolean {
  if (!Array.isArray(ring) || ring.length < 4) return false;
  const first = ring[0] as unknown;
  const last = ring[ring.length - 1] as unknown;
  return (
    Array.isArray(first) &&
    Array.isArray(last) &&
    typeof first[0] === 'number' &&
    typeof first[1] === 'number' &&
    first[0] === last[0] &&
    first[1] === last[1]
  );
}

/** Reads the text of an area file and summarises it. */
export function previewAreaFile(text: string): AreaFilePreview {
  const empty = { features: 0, byLevel: {}, codes: [], file: null };
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return { ...empty, problems: [{ feature: null, code: null, reason: 'notJson' }] };
  }
  if (!isRecord(file) || file.type !== 'FeatureCollection' || !Array.isArray(file.features)) {
    return { ...empty, problems: [{ feature: null, code: null, reason: 'notCollection' }] };
  }
  if (file.features.length === 0) {
    return { ...empty, file, problems: [{ feature: null, code: null, reason: 'noFeatures' }] };
  }
  const byLevel: Partial<Record<AreaLevel, number>> = {};
  const codes: string[] = [];
  const problems: PreviewProblem[] = [];
  const seen = new Set<string>();
  file.features.forEach((feature: unknown, index: number) => {
    const props = isRecord(feature) && isRecord(feature.properties) ? feature.properties : {};
    const code = typeof props.code === 'string' && props.code.trim() ? props.code.trim() : null;
    const say = (reason: PreviewProblem['reason']) =>
      problems.push({ feature: index, code, reason });
    if (!isRecord(feature) || feature.type !== 'Feature') return say('notFeature');
    if (!code) return say('noCode');
    if (!AREA_LEVELS.includes(props.level as AreaLevel)) return say('badLevel');
    const level = props.level as AreaLevel;
    const named = (v: unknown) => typeof v === 'string' && v.trim() !== '';
    if (!named(props.nameZh) || !named(props.nameEn)) return say('noNames');
    const rings = isRecord(feature.geometry) ? ringsOf(feature.geometry) : null;
    if (!rings) return say('badGeometry');
    if (!rings.every(closed)) return say('openRing');
    if (seen.has(code)) return say('duplicateCode');
    seen.add(code);
    codes.push(code);
    byLevel[level] = (byLevel[level] ?? 0) + 1;
  });
  return { features: file.features.length, byLevel, codes, problems, file };
}

/** The feature index a server field pointer names (`/features/3` → 3), or null. */
export function featureOfPointer(pointer: string): number | null {
  const match = /^\/features\/(\d+)/.exec(pointer);
  return match ? Number(match[1]) : null;
}
