/**
 * A Leaflet map of area boundaries with one draggable pin. Cells are drawn by the canvas
 * renderer (10,000 cells stay smooth) and are not interactive themselves: a tap anywhere
 * on the map sets the point. Base tiles only when the server names a tile URL; otherwise
 * the cells sit on a plain background and the map works offline.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as L from 'leaflet';
import { useBaseMap } from '../../components/useBaseMap.ts';
import type { AreaBoundaries } from '../../api/types.ts';
import type { LatLon } from './api.ts';

/** What the page may ask of the map. */
export interface MapControl {
  /** The point at the centre of the view. */
  centre(): LatLon;
}

export interface AreaMapProps {
  cells: AreaBoundaries | undefined;
  tileUrl: string | null;
  point: LatLon | null;
  /** Code of the cell holding the point, drawn highlighted. */
  selectedCode: string | null;
  onPick: (point: LatLon) => void;
  labels: { map: string; pin: string; zoomIn: string; zoomOut: string };
  control?: RefObject<MapControl | null>;
}

const CELL_STYLE: L.PathOptions = {
  color: '#3b6e9e',
  weight: 1.2,
  opacity: 0.9,
  fillColor: '#8fb3d6',
  fillOpacity: 0.12,
};
const SELECTED_STYLE: L.PathOptions = {
  color: '#0b4f94',
  weight: 3,
  opacity: 1,
  fillColor: '#2f7fd0',
  fillOpacity: 0.28,
};

const PIN = L.divIcon({
  className: 'map-pin',
  html: '<span class="map-pin-head"></span>',
  iconSize: [34, 44],
  iconAnchor: [17, 44],
});

export function AreaMap({
  cells,
  tileUrl,
  point,
  selectedCode,
  onPick,
  labels,
  control,
}: AreaMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useBaseMap(container, labels, tileUrl);
  const cellsRef = useRef<L.GeoJSON | null>(null);
  const markerRef = useRef<L.Marker | null>(null);
  const fitted = useRef(false);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  // A tap anywhere sets the point; the page may ask for the centre of the view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const pick = (event: L.LeafletMouseEvent) =>
      onPickRef.current({ lat: event.latlng.lat, lon: event.latlng.lng });
    map.on('click', pick);
    if (control) {
      control.current = {
        centre: () => {
          const c = map.getCenter();
          return { lat: c.lat, lon: c.lng };
        },
      };
    }
    return () => {
      map.off('click', pick);
      if (control) control.current = null;
      cellsRef.current = null;
      markerRef.current = null;
      fitted.current = false;
    };
  }, [mapRef, control]);

  // The cells, fitted into view the first time they arrive.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !cells) return;
    const layer = L.geoJSON(
      cells as FeatureCollection,
      {
        renderer: L.canvas({ padding: 0.5 }),
        interactive: false,
        style: () => CELL_STYLE,
      } as L.GeoJSONOptions,
    );
    layer.addTo(map);
    cellsRef.current = layer;
    if (!fitted.current && cells.features.length > 0) {
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      fitted.current = true;
    }
    return () => {
      layer.remove();
      cellsRef.current = null;
    };
  }, [cells]);

  // The highlighted cell.
  useEffect(() => {
    cellsRef.current?.eachLayer((layer) => {
      const feature = (layer as L.Polygon).feature as
        Feature<Geometry, { code?: string }> | undefined;
      const selected = selectedCode !== null && feature?.properties.code === selectedCode;
      (layer as L.Path).setStyle(selected ? SELECTED_STYLE : CELL_STYLE);
      if (selected) (layer as L.Path).bringToFront();
    });
  }, [selectedCode, cells]);

  // The pin: placed, moved, dragged.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!point) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const latlng = L.latLng(point.lat, point.lon);
    let marker = markerRef.current;
    if (!marker) {
      marker = L.marker(latlng, { icon: PIN, draggable: true, keyboard: true, title: labels.pin });
      marker.on('dragend', () => {
        const at = marker?.getLatLng();
        if (at) onPickRef.current({ lat: at.lat, lon: at.lng });
      });
      marker.addTo(map);
      markerRef.current = marker;
    } else {
      marker.setLatLng(latlng);
    }
    marker.getElement()?.setAttribute('aria-label', labels.pin);
    if (!map.getBounds().contains(latlng)) map.setView(latlng, Math.max(map.getZoom(), 16));
  }, [point, labels.pin]);

  return (
    <>
      <div ref={container} className="area-map" />
      {/* Where "put the pin at the map centre" puts it; shown while that button has focus. */}
      <span className="map-crosshair" aria-hidden="true" />
    </>
  );
}
