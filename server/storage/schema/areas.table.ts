/** Row types of the area tree. Times are ISO 8601 UTC text on both dialects. */
export interface AreasTable {
  id: string;
  code: string;
  parent_id: string | null;
  level: string;
  depth: number;
  name_zh: string;
  name_en: string;
  /** `/rootId/…/id/`: subtree filters are a range over this column. */
  path: string;
  /** GeoJSON geometry as text. */
  boundary: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  created_at: string;
  updated_at: string;
}

/** Small key/value facts, e.g. `areas_version`, bumped whenever the area tree changes. */
export interface SettingsTable {
  key: string;
  value: string;
}
