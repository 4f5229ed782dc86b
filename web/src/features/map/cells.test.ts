import { describe, expect, it } from 'vitest';
import type { AreaBoundaries } from '../../api/types.ts';
import { cellPoints, nearestCell, neighbourOf, searchCells } from './cells.ts';

/** A 3 × 3 grid of square cells, 0.01° a side, codes `r<row>c<col>` (row 0 at the top). */
function grid(): AreaBoundaries {
  const features: AreaBoundaries['features'] = [];
  for (let row = 0; row < 3; row += 1) {
    for (let col = 0; col < 3; col += 1) {
      const west = 120 + col * 0.01;
      const north = 30 - row * 0.01;
      features.push({
        type: 'Feature',
        properties: {
          id: `id-${row}-${col}`,
          code: `r${row}c${col}`,
          level: 'grid',
          nameZh: `网格${row}${col}`,
          nameEn: `Cell ${row}-${col}`,
        },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [west, north],
              [west + 0.01, north],
              [west + 0.01, north - 0.01],
              [west, north - 0.01],
              [west, north],
            ],
          ],
        },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

describe('cells for the keyboard', () => {
  const cells = cellPoints(grid());
  const at = (code: string) => cells.find((c) => c.properties.code === code)!;

  it('finds each cell’s centre', () => {
    expect(at('r0c0').centre.lat).toBeCloseTo(29.995, 6);
    expect(at('r0c0').centre.lon).toBeCloseTo(120.005, 6);
  });

  it('moves to the neighbour in each arrow’s direction, and nowhere past the edge', () => {
    const middle = at('r1c1');
    const move = (d: 'up' | 'down' | 'left' | 'right') =>
      neighbourOf(cells, middle.centre, d, 'r1c1')?.properties.code;
    expect(move('up')).toBe('r0c1');
    expect(move('down')).toBe('r2c1');
    expect(move('left')).toBe('r1c0');
    expect(move('right')).toBe('r1c2');
    expect(neighbourOf(cells, at('r0c0').centre, 'up', 'r0c0')).toBeUndefined();
    expect(neighbourOf(cells, at('r0c0').centre, 'left', 'r0c0')).toBeUndefined();
    // From a corner, "right" stays on the row rather than going diagonally.
    expect(neighbourOf(cells, at('r2c0').centre, 'right', 'r2c0')?.properties.code).toBe('r2c1');
  });

  it('finds the cell nearest a point, and cells by code or name in either language', () => {
    expect(nearestCell(cells, { lat: 29.981, lon: 120.029 })?.properties.code).toBe('r1c2');
    expect(searchCells(cells, 'R2C', 10).map((c) => c.properties.code)).toEqual([
      'r2c0',
      'r2c1',
      'r2c2',
    ]);
    expect(searchCells(cells, '网格11', 10).map((c) => c.properties.code)).toEqual(['r1c1']);
    expect(searchCells(cells, 'cell 0-', 2)).toHaveLength(2);
    expect(searchCells(cells, '', 100)).toHaveLength(9);
  });
});
