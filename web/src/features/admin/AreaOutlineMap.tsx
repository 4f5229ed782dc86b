/**
 * The selected area on the shared base map: its boundary drawn strongly, the areas
 * directly under it lightly, fitted into view. Drawn by the canvas renderer; nothing on
 * it is interactive, the tree beside it is how an area is chosen.
 */
import { useEffect, useRef } from 'react';
import type { FeatureCollection } from 'geojson';
import * as L from 'leaflet';
import type { AreaBoundaries } from '../../api/types.ts';
import { useBaseMap, type BaseMapLabels } from '../../components/useBaseMap.ts';

const AREA_STYLE: L.PathOptions = {
  color: '#0b4f94',
  weight: 3,
  opacity: 1,
  fillColor: '#2f7fd0',
  fillOpacity: 0.18,
};
const CHILD_STYLE: L.PathOptions = {
  color: '#3b6e9e',
  weight: 1.2,
  opacity: 0.9,
  fillOpacity: 0,
  dashArray: '4 3',
};

export function AreaOutlineMap({
  code,
  boundaries,
  tileUrl,
  labels,
}: {
  /** The selected area's code. */
  code: string;
  /** The area and its subtree. */
  boundaries: AreaBoundaries;
  tileUrl: string | null;
  labels: BaseMapLabels;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useBaseMap(container, labels, tileUrl);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const own = boundaries.features.filter((f) => f.properties.code === code);
    const children = boundaries.features.filter((f) => f.properties.parentCode === code);
    const renderer = L.canvas({ padding: 0.5 });
    const childLayer = L.geoJSON(
      { type: 'FeatureCollection', features: children } as FeatureCollection,
      { renderer, interactive: false, style: () => CHILD_STYLE } as L.GeoJSONOptions,
    ).addTo(map);
    const areaLayer = L.geoJSON(
      { type: 'FeatureCollection', features: own } as FeatureCollection,
      { renderer, interactive: false, style: () => AREA_STYLE } as L.GeoJSONOptions,
    ).addTo(map);
    const bounds = areaLayer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
    return () => {
      childLayer.remove();
      areaLayer.remove();
    };
  }, [mapRef, code, boundaries]);

  return <div ref={container} className="area-map admin-area-map" data-testid="area-map" />;
}
