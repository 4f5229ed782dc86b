/**
 * Grid cells coloured by their open and overdue cases, drawn by Leaflet's canvas renderer
 * so 10,000 cells stay smooth. Base tiles only when the server names a tile URL. A click
 * on a cell selects it; the page lists the same cells in a table for keyboard and
 * screen-reader use.
 */
import { useEffect, useRef } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as L from 'leaflet';
import { useBaseMap } from '../../components/useBaseMap.ts';
import type { AreaBoundaries } from '../../api/types.ts';
import type { CellCount } from './api.ts';
import { CELL_COLOURS, classOf } from './colour.ts';

export interface CellMapProps {
  cells: AreaBoundaries;
  counts: Map<string, CellCount>;
  tileUrl: string | null;
  selectedCode: string | null;
  onSelect: (code: string) => void;
  labels: { map: string; zoomIn: string; zoomOut: string };
}

function styleOf(code: string | undefined, counts: Map<string, CellCount>, selected: boolean) {
  const colour = CELL_COLOURS[classOf(code ? counts.get(code) : undefined)];
  return {
    color: selected ? '#000000' : colour.stroke,
    weight: selected ? 4 : colour.weight,
    opacity: 1,
    fillColor: colour.fill,
    fillOpacity: 0.75,
  } satisfies L.PathOptions;
}

export function CellMap({ cells, counts, tileUrl, selectedCode, onSelect, labels }: CellMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useBaseMap(container, labels, tileUrl);
  const layerRef = useRef<L.GeoJSON | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  // The cells, once per boundary set; fitted into view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const layer = L.geoJSON(
      cells as FeatureCollection,
      {
        renderer: L.canvas({ padding: 0.5, tolerance: 2 }),
        onEachFeature: (feature: Feature<Geometry, { code?: string }>, path: L.Layer) => {
          path.on('click', () => {
            if (feature.properties.code) onSelectRef.current(feature.properties.code);
          });
        },
      } as L.GeoJSONOptions,
    );
    layer.addTo(map);
    layerRef.current = layer;
    if (cells.features.length > 0) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    return () => {
      layer.remove();
      layerRef.current = null;
    };
  }, [cells]);

  // Colours follow the counts and the selection.
  useEffect(() => {
    layerRef.current?.eachLayer((layer) => {
      const code = (
        (layer as L.Polygon).feature as Feature<Geometry, { code?: string }> | undefined
      )?.properties.code;
      const selected = code !== undefined && code === selectedCode;
      (layer as L.Path).setStyle(styleOf(code, counts, selected));
      if (selected) (layer as L.Path).bringToFront();
    });
  }, [counts, selectedCode, cells]);

  return <div ref={container} className="cell-map" data-testid="cell-map" />;
}
