/**
 * The API's shapes as the web app reads them (docs/openapi.json is the reference). Only
 * what the app uses is spelled out.
 */

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid' | 'subgrid';

export interface Area {
  id: string;
  code: string;
  parentId: string | null;
  level: AreaLevel;
  nameZh: string;
  nameEn: string;
}

/** `GET /areas/locate`: the deepest area holding the point and its ancestors, root first. */
export interface Location {
  area: Area;
  ancestors: Area[];
}

export interface AreaFeatureProperties {
  id: string;
  code: string;
  parentCode?: string;
  level: AreaLevel;
  nameZh: string;
  nameEn: string;
}

/** `GET /areas/boundaries`: a GeoJSON FeatureCollection of area boundaries. */
export interface AreaBoundaries {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: AreaFeatureProperties;
    geometry:
      | { type: 'Polygon'; coordinates: number[][][] }
      | { type: 'MultiPolygon'; coordinates: number[][][][] };
  }[];
}

export type AttributeDatatype =
  'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** One extra question of a category (an Open311 attribute). */
export interface CategoryAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  descriptionZh: string;
  descriptionEn: string;
  values?: { key: string; nameZh: string; nameEn: string }[];
}

export type Priority = 'urgent' | 'high' | 'normal' | 'low';

export interface CategoryNode {
  id: string;
  code: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  noticeZh: string | null;
  noticeEn: string | null;
  defaultPriority: Priority;
  attributes: CategoryAttribute[];
  /** False when retired: offered for new reports only when it and its ancestors are active. */
  active: boolean;
  /** Sent back with an admin's edit (optimistic concurrency). */
  version: number;
  duplicateRadiusM: number;
  sortOrder: number;
  children: CategoryNode[];
}

export const CASE_STATUSES = [
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
  'rejected',
  'suspended',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Stage = 'register' | 'dispatch' | 'handle' | 'verify' | 'answer';
export type Satisfaction = 'satisfied' | 'neutral' | 'unsatisfied';

interface Named {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A case as staff see it. */
export interface Case {
  id: string;
  trackingCode: string;
  category: string;
  title: string;
  description: string;
  address: string | null;
  lat: number;
  lon: number;
  area: Named;
  department: Named | null;
  priority: Priority;
  status: CaseStatus;
  stage: Stage | null;
  stageDueAt: string | null;
  overdue: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

/** `POST /cases`: what a reporter sends. */
export interface ReportInput {
  category: string;
  description: string;
  lat: number;
  lon: number;
  address?: string;
  reporter?: { name?: string; phone?: string; email?: string; consent: boolean };
  attributes?: Record<string, unknown>;
  attachments?: string[];
}

/** `POST /cases` 201: the new case and open cases like it nearby. */
export interface ReportAnswer extends Case {
  /** Identified (id, code, title) only when the caller may read that case. */
  possibleDuplicates: {
    id?: string;
    trackingCode?: string;
    title?: string;
    status: string;
    distanceM: number;
  }[];
}

/** `POST /attachments` 201. */
export interface AttachmentCreated {
  id: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** `GET /track/{code}`: the public status of one case, with no personal data. */
export interface Tracking {
  trackingCode: string;
  category: { code: string; nameZh: string; nameEn: string } | null;
  title: string;
  area: { code: string; nameZh: string; nameEn: string } | null;
  status: CaseStatus;
  stage: Stage | null;
  deadline: string | null;
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
  answer: string | null;
  rejectedBecause: string | null;
  /** True once the answer has been rated (one rating per case). */
  rated: boolean;
  duplicateOf: string | null;
  steps: { action: string | null; status: CaseStatus; at: string }[];
  publicComments: { text: string | null; at: string }[];
}

export interface Session {
  user: { id: string; login: string; displayName: string };
  roles: {
    role: string;
    area?: { id: string; code: string };
    department?: { id: string; code: string };
  }[];
}

export interface PublicConfig {
  tileUrl: string | null;
}
