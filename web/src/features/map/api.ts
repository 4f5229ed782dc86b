/** Map data: the public configuration (tile URL), area boundaries and locating a point. */
import { request } from '../../api/client.ts';
import type { AreaBoundaries, AreaLevel, Location, PublicConfig } from '../../api/types.ts';

export const getPublicConfig = () => request<PublicConfig>('/api/v1/config/public');

export const getBoundaries = (level: AreaLevel, signal?: AbortSignal) =>
  request<AreaBoundaries>('/api/v1/areas/boundaries', { query: { level }, signal });

/** The area holding a point; 404 (`ApiError.isNotFound`) outside every area. */
export const locatePoint = (point: LatLon, signal?: AbortSignal) =>
  request<Location>('/api/v1/areas/locate', { query: { lat: point.lat, lon: point.lon }, signal });

/** A WGS 84 point. */
export interface LatLon {
  lat: number;
  lon: number;
}
