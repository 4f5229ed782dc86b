/**
 * Grid cells coloured by their open and overdue cases, drawn by Leaflet's canvas renderer
 * so 10,000 cells stay smooth. Base tiles only when the server names a tile URL. A click
 * on a cell selects it; on the focused map the arrow keys move the selection to the
 * neighbouring cell (Enter picks the cell at the centre) and the map follows it; the page
 * lists the same cells for screen readers.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as L from 'leaflet';
import { useBaseMap } from '../../components/useBaseMap.ts';
import type { AreaBoundaries } from '../../api/types.ts';
import { cellPoints, nearestCell, neighbourOf, type Direction } from '../map/cells.ts';
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
  const points = useMemo(() => cellPoints(cells), [cells]);
  const selectedRef = useRef(selectedCode);
  selectedRef.current = selectedCode;

  // Arrow keys on the focused map move from cell to cell (instead of panning: the map
  // follows the selection); Enter or Space picks the cell nearest the centre.
  useEffect(() => {
    const element = container.current;
    const map = mapRef.current;
    if (!element || !map) return;
    const ARROWS: Record<string, Direction> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowLeft: 'left',
      ArrowRight: 'right',
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.target !== element) return;
      const direction = ARROWS[event.key];
      if (!direction && event.key !== 'Enter' && event.key !== ' ') return;
      const centre = map.getCenter();
      const current = points.find((p) => p.properties.code === selectedRef.current);
      const next =
        direction && current
          ? neighbourOf(points, current.centre, direction, current.properties.code)
          : current && !direction
            ? undefined
            : nearestCell(points, { lat: centre.lat, lon: centre.lng });
      event.preventDefault();
      event.stopPropagation();
      if (next) onSelectRef.current(next.properties.code);
    };
    element.addEventListener('keydown', onKey, true);
    return () => element.removeEventListener('keydown', onKey, true);
  }, [mapRef, points]);

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

  // Colours follow the counts and the selection; the view follows a selected cell.
  useEffect(() => {
    layerRef.current?.eachLayer((layer) => {
      const code = (
        (layer as L.Polygon).feature as Feature<Geometry, { code?: string }> | undefined
      )?.properties.code;
      const selected = code !== undefined && code === selectedCode;
      (layer as L.Path).setStyle(styleOf(code, counts, selected));
      if (selected) {
        (layer as L.Path).bringToFront();
        const map = mapRef.current;
        const bounds = (layer as L.Polygon).getBounds();
        if (map && !map.getBounds().contains(bounds)) map.panTo(bounds.getCenter());
      }
    });
  }, [counts, selectedCode, cells, mapRef]);

  return <div ref={container} className="cell-map" data-testid="cell-map" />;
}
