/** Row type of imported cases (migration 2026-11-29T0900-case-imports). */
export interface CaseImportsTable {
  /** The case's id in the system it came from, unique across imports. */
  external_id: string;
  case_id: string;
  /** SHA-256 (hex) of the imported CSV row. */
  row_hash: string;
  imported_at: string;
}
