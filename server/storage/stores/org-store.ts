/** Departments and categories in the database. */
import type {
  Category,
  CategoryAttribute,
  CategoryKind,
  Department,
  Priority,
} from '../../domain/org/category.ts';
import type { Db } from '../database.ts';
import type { CategoriesTable, DepartmentsTable } from '../schema/org.table.ts';

/** Converts a department row. */
export function rowToDepartment(row: DepartmentsTable): Department {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parent_id,
    nameZh: row.name_zh,
    nameEn: row.name_en,
  };
}

/** Converts a category row. */
export function rowToCategory(row: CategoriesTable): Category {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parent_id,
    kind: row.kind as CategoryKind,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    noticeZh: row.notice_zh,
    noticeEn: row.notice_en,
    defaultPriority: row.default_priority as Priority,
    defaultDepartmentId: row.default_department_id,
    attributes: JSON.parse(row.attributes) as CategoryAttribute[],
    duplicateRadiusM: Number(row.duplicate_radius_m),
    sortOrder: Number(row.sort_order),
  };
}

/** Builds the store of departments and categories. */
export function createOrgStore(db: Db) {
  const k = db.kysely;
  return {
    /** Every department, ordered by code. */
    async listDepartments(): Promise<Department[]> {
      const rows = await k.selectFrom('departments').selectAll().orderBy('code').execute();
      return rows.map(rowToDepartment);
    },

    /** One department by id or code, or undefined. */
    async findDepartment(idOrCode: string): Promise<Department | undefined> {
      const row = await k
        .selectFrom('departments')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
        .executeTakeFirst();
      return row && rowToDepartment(row);
    },

    /** Inserts departments in one transaction (parents before children). */
    async insertDepartments(rows: DepartmentsTable[]): Promise<void> {
      if (rows.length === 0) return;
      await k.transaction().execute(async (trx) => {
        for (const row of rows) await trx.insertInto('departments').values(row).execute();
      });
    },

    /** Every category, ordered for display. */
    async listCategories(): Promise<Category[]> {
      const rows = await k
        .selectFrom('categories')
        .selectAll()
        .orderBy('sort_order')
        .orderBy('code')
        .execute();
      return rows.map(rowToCategory);
    },

    /** Inserts categories in one transaction (parents before children). */
    async insertCategories(rows: CategoriesTable[]): Promise<void> {
      if (rows.length === 0) return;
      await k.transaction().execute(async (trx) => {
        for (const row of rows) await trx.insertInto('categories').values(row).execute();
      });
    },
  };
}

export type OrgStore = ReturnType<typeof createOrgStore>;
