/** Categories and departments (SPEC "Domain"). */

export const CATEGORY_KINDS = [
  'facility',
  'environment',
  'safety',
  'dispute',
  'service',
  'complaint',
  'other',
] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Datatypes of extra questions; they are Open311's service-definition datatypes. */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

/** One extra question a category asks of the reporter. */
export interface CategoryAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  descriptionZh: string;
  descriptionEn: string;
  values?: { key: string; nameZh: string; nameEn: string }[];
}

/** A node of the category tree. */
export interface Category {
  id: string;
  code: string;
  parentId: string | null;
  kind: CategoryKind;
  nameZh: string;
  nameEn: string;
  noticeZh: string | null;
  noticeEn: string | null;
  defaultPriority: Priority;
  defaultDepartmentId: string | null;
  attributes: CategoryAttribute[];
  /** Radius in metres within which open cases of this category count as possible duplicates. */
  duplicateRadiusM: number;
  sortOrder: number;
  /** False when retired: no new report takes it (nor any category under it). */
  active: boolean;
  /** Raised by every edit (optimistic concurrency). */
  version: number;
}

/** A node of the department tree. */
export interface Department {
  id: string;
  code: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  /** Raised by every edit (optimistic concurrency). */
  version: number;
  /** False when retired: no case is dispatched to it and nothing new names it. */
  active: boolean;
}
