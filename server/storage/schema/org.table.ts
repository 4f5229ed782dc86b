/** Row types of departments and categories. */
export interface DepartmentsTable {
  id: string;
  code: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  created_at: string;
  /** Raised by every edit (optimistic concurrency); 1 when created. */
  version: number;
  /** 1 in service, 0 retired (no new dispatch; its cases and figures stay). */
  active: number;
}

export interface CategoriesTable {
  id: string;
  code: string;
  parent_id: string | null;
  kind: string;
  name_zh: string;
  name_en: string;
  notice_zh: string | null;
  notice_en: string | null;
  default_priority: string;
  default_department_id: string | null;
  /** JSON array of `CategoryAttribute`. */
  attributes: string;
  duplicate_radius_m: number;
  sort_order: number;
  created_at: string;
  /** Raised by every edit (optimistic concurrency); 1 when created. */
  version: number;
  /** 1 offered for new reports, 0 retired (its cases and figures stay). */
  active: number;
}
