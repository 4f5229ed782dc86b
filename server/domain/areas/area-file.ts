/**
 * Area files: GeoJSON FeatureCollections in WGS 84 whose features are the areas of the
 * tree (SPEC "Area files"). Parsing validates every feature and is all or nothing: the
 * first problems found are reported together, each naming its feature and the reason.
 */
import { ValidationError, type FieldProblem } from '../errors.ts';
import { areaCodeProblem, type GridNumberWidth } from './area-code.ts';
import {
  AREA_LEVELS,
  isAreaLevel,
  levelDepth,
  polygonsOf,
  type AreaGeometry,
  type AreaLevel,
  type Position,
} from './area.ts';

/** An area as read from a file, ready to be written; parents come before children. */
export interface AreaDraft {
  code: string;
  parentCode: string | null;
  level: AreaLevel;
  nameZh: string;
  nameEn: string;
  boundary: AreaGeometry;
}

/** What the parser needs to know of areas already stored. */
export interface KnownArea {
  code: string;
  level: AreaLevel;
  parentCode: string | null;
}

const MAX_NAME = 200;
const MAX_PROBLEMS = 20;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return 'a ring is not an array of positions';
  if (ring.length < 4) return `a ring has ${ring.length} positions; at least 4 are needed`;
  for (const position of ring) {
    if (!Array.isArray(position) || position.length < 2 || position.length > 3) {
      return 'a position is not [longitude, latitude]';
    }
    const [lon, lat] = position as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number') {
      return 'a coordinate is not a number';
    }
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
      return `longitude ${String(lon)} is outside -180..180`;
    }
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
      return `latitude ${String(lat)} is outside -90..90`;
    }
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return 'a ring is not closed (its first and last positions differ)';
  }
  if (Math.abs(signedArea(ring as Position[])) === 0) return 'a ring has no area';
  return null;
}

/** Twice the signed planar area of a closed ring (positive when counter-clockwise). */
export function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] as Position;
    const [x2, y2] = ring[i + 1] as Position;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function geometryProblem(geometry: unknown): string | null {
  if (!isRecord(geometry)) return 'geometry is missing';
  const { type, coordinates } = geometry;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return `geometry type "${String(type)}" is not Polygon or MultiPolygon`;
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'geometry has no coordinates';
  const polygons = type === 'Polygon' ? [coordinates] : coordinates;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'a polygon has no rings';
    for (const ring of polygon) {
      const problem = ringProblem(ring);
      if (problem) return problem;
    }
  }
  return null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_NAME
    ? value.trim()
    : null;
}

/** Copies positions to plain 2D pairs so stored boundaries never carry altitude. */
function flatten(geometry: AreaGeometry): AreaGeometry {
  const polygons = polygonsOf(geometry).map((rings) =>
    rings.map((ring) => ring.map(([lon, lat]) => [lon, lat] as Position)),
  );
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygons[0] as Position[][] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * Validates an area file against itself and the areas already stored.
 * @throws ValidationError naming every bad feature (up to 20) and why.
 */
export function parseAreaFile(
  input: unknown,
  known: readonly KnownArea[],
  gridWidth: GridNumberWidth,
): AreaDraft[] {
  const problems: FieldProblem[] = [];
  const fail = (field: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, message });
  };
  if (!isRecord(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    throw new ValidationError('An area file must be a GeoJSON FeatureCollection.', [
      { field: '/type', message: 'expected "FeatureCollection" with a "features" array' },
    ]);
  }
  if (input.features.length === 0) {
    throw new ValidationError('The area file has no features.', [
      { field: '/features', message: 'at least one feature is needed' },
    ]);
  }

  const drafts: AreaDraft[] = [];
  const seen = new Map<string, number>();
  input.features.forEach((feature: unknown, index: number) => {
    const props = isRecord(feature) && isRecord(feature.properties) ? feature.properties : {};
    const label = typeof props.code === 'string' ? ` (${props.code})` : '';
    const at = `/features/${index}`;
    const say = (message: string) => fail(at, `feature ${index}${label}: ${message}`);
    if (!isRecord(feature) || feature.type !== 'Feature') return say('is not a GeoJSON Feature');
    const code = text(props.code);
    if (!code) return say('property "code" is missing');
    if (!isAreaLevel(props.level)) {
      return say(`property "level" must be one of ${AREA_LEVELS.join(', ')}`);
    }
    const nameZh = text(props.nameZh);
    const nameEn = text(props.nameEn);
    if (!nameZh || !nameEn) {
      return say(`properties "nameZh" and "nameEn" must be non-empty (≤ ${MAX_NAME} characters)`);
    }
    const parentCode =
      props.parentCode == null || props.parentCode === '' ? null : text(props.parentCode);
    if (props.parentCode != null && props.parentCode !== '' && !parentCode) {
      return say('property "parentCode" must be a code');
    }
    const geometryIssue = geometryProblem(feature.geometry);
    if (geometryIssue) return say(geometryIssue);
    if (seen.has(code)) return say(`code "${code}" also appears in feature ${seen.get(code)}`);
    seen.set(code, index);
    drafts.push({
      code,
      parentCode,
      level: props.level,
      nameZh,
      nameEn,
      boundary: flatten(feature.geometry as AreaGeometry),
    });
  });

  const levels = new Map<string, AreaLevel>();
  for (const area of known) levels.set(area.code, area.level);
  for (const draft of drafts) levels.set(draft.code, draft.level);
  const knownByCode = new Map(known.map((area) => [area.code, area]));

  for (const draft of drafts) {
    const index = seen.get(draft.code) as number;
    const say = (message: string) =>
      fail(`/features/${index}`, `feature ${index} (${draft.code}): ${message}`);
    const existing = knownByCode.get(draft.code);
    if (existing && (existing.level !== draft.level || existing.parentCode !== draft.parentCode)) {
      say('an area with this code already exists at another place in the tree');
      continue;
    }
    if (draft.parentCode === null) {
      if (draft.level !== 'city' && draft.level !== 'district') {
        say(`a ${draft.level} needs a "parentCode"`);
      }
    } else {
      const parentLevel = levels.get(draft.parentCode);
      if (!parentLevel) {
        say(`parent "${draft.parentCode}" is neither in this file nor stored`);
        continue;
      }
      if (levelDepth(parentLevel) !== levelDepth(draft.level) - 1) {
        say(`a ${draft.level} cannot sit under a ${parentLevel} ("${draft.parentCode}")`);
        continue;
      }
    }
    const codeIssue = areaCodeProblem(draft.code, draft.level, draft.parentCode, gridWidth);
    if (codeIssue) say(codeIssue);
  }

  if (problems.length > 0) {
    const first = problems[0] as FieldProblem;
    throw new ValidationError(
      problems.length === 1
        ? `The area file was rejected: ${first.message}. Nothing was imported.`
        : `The area file was rejected with ${problems.length} problems; the first: ${first.message}. Nothing was imported.`,
      problems,
    );
  }
  return drafts.sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
}
