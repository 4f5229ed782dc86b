import { describe, expect, it } from 'vitest';
import { featureOfPointer, previewAreaFile } from './geojson-preview.ts';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
  ],
};
const feature = (code: string, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, level: 'grid', nameZh: '格', nameEn: 'Cell', parentCode: 'p', ...extra },
  geometry: square,
});

describe('previewAreaFile', () => {
  it('counts features by level and lists their codes', () => {
    const preview = previewAreaFile(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [feature('a'), feature('b'), feature('s', { level: 'street' })],
      }),
    );
    expect(preview.problems).toEqual([]);
    expect(preview.features).toBe(3);
    expect(preview.byLevel).toEqual({ grid: 2, street: 1 });
    expect(preview.codes).toEqual(['a', 'b', 's']);
  });

  it('names the feature and the reason of each problem', () => {
    const open = {
      ...square,
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    const preview = previewAreaFile(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          feature('a'),
          { type: 'Point' },
          feature('', {}),
          feature('c', { level: 'planet' }),
          feature('d', { nameEn: ' ' }),
          { ...feature('e'), geometry: open },
          feature('a'),
        ],
      }),
    );
    expect(preview.problems).toEqual([
      { feature: 1, code: null, reason: 'notFeature' },
      { feature: 2, code: null, reason: 'noCode' },
      { feature: 3, code: 'c', reason: 'badLevel' },
      { feature: 4, code: 'd', reason: 'noNames' },
      { feature: 5, code: 'e', reason: 'openRing' },
      { feature: 6, code: 'a', reason: 'duplicateCode' },
    ]);
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(previewAreaFile('{').problems[0]?.reason).toBe('notJson');
    expect(previewAreaFile('{"type":"Feature"}').problems[0]?.reason).toBe('notCollection');
    expect(previewAreaFile('{"type":"FeatureCollection","features":[]}').problems[0]?.reason).toBe(
      'noFeatures',
    );
  });

  it('reads the feature of a server pointer', () => {
    expect(featureOfPointer('/features/12')).toBe(12);
    expect(featureOfPointer('/type')).toBeNull();
  });
});
