/**
 * The Leaflet map every map view shares: created once in the container, named for screen
 * readers, with zoom buttons in the reader's language and base tiles (with their host as
 * attribution) only when the server names a tile URL — otherwise a plain background, so
 * the map works offline.
 */
import { useEffect, useRef, type RefObject } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';

/** Labels of the map and its zoom buttons, in the reader's language. */
export interface BaseMapLabels {
  map: string;
  zoomIn: string;
  zoomOut: string;
}

/** The host of a tile URL template, shown as attribution. */
function tileHost(tileUrl: string): string {
  try {
    return new URL(tileUrl.replace(/\{-?[a-z]+\}/gi, '0')).host;
  } catch {
    return '';
  }
}

/** Creates the map in `container`; returns a ref that holds it while mounted. */
export function useBaseMap(
  container: RefObject<HTMLDivElement | null>,
  labels: BaseMapLabels,
  tileUrl: string | null,
): RefObject<L.Map | null> {
  const mapRef = useRef<L.Map | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const map = L.map(container.current, {
      zoomControl: false,
      attributionControl: false,
      preferCanvas: true,
      center: [0, 0],
      zoom: 2,
      minZoom: 3,
      maxZoom: 19,
      // Fit the district snugly on a small screen instead of the next whole zoom level.
      zoomSnap: 0.25,
    });
    // Leaflet makes the map focusable (arrow keys move it, + and − zoom): give it a name.
    container.current.setAttribute('role', 'region');
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, [container]);

  useEffect(() => {
    container.current?.setAttribute('aria-label', labels.map);
  }, [container, labels.map]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const zoom = L.control.zoom({
      position: 'topright',
      zoomInTitle: labels.zoomIn,
      zoomOutTitle: labels.zoomOut,
    });
    zoom.addTo(map);
    return () => {
      zoom.remove();
    };
  }, [labels.zoomIn, labels.zoomOut]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    const attribution = L.control.attribution({ prefix: false }).addAttribution(tileHost(tileUrl));
    attribution.addTo(map);
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
      attribution.remove();
    };
  }, [tileUrl]);

  return mapRef;
}
