/** Departments and categories in the database. */
import type {
  Category,
  CategoryAttribute,
  CategoryKind,
  Department,
  Priority,
} from '../../domain/org/category.ts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';
import type { CategoriesTable, DepartmentsTable } from '../schema/org.table.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A department row to insert; a new row starts at version 1. */
export type NewDepartmentRow = Omit<DepartmentsTable, 'version' | 'active'> & {
  version?: number;
  active?: number;
};
/** A category row to insert; a new row starts at version 1 and active. */
export type NewCategoryRow = Omit<CategoriesTable, 'version' | 'active'> & {
  version?: number;
  active?: number;
};
/** Columns an edit of a department may set. */
export type DepartmentChanges = Partial<
  Pick<DepartmentsTable, 'parent_id' | 'name_zh' | 'name_en' | 'active'>
>;
/** Columns an edit of a category may set. */
export type CategoryChanges = Partial<
  Omit<CategoriesTable, 'id' | 'code' | 'created_at' | 'version'>
>;

/** Converts a department row. */
export function rowToDepartment(row: DepartmentsTable): Department {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parent_id,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    version: Number(row.version),
    active: Number(row.active) === 1,
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
    active: Number(row.active) === 1,
    version: Number(row.version),
  };
}

/** Builds the store of departments and categories. */
export function createOrgStore(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Serialises edits of one tree until the transaction ends, so two concurrent moves
     * cannot make a cycle each check alone would refuse. On PostgreSQL a table lock that
     * conflicts only with itself and writes to the tree (cases referencing it still go
     * on); SQLite already runs one write transaction at a time.
     */
    async lockTree(table: 'categories' | 'departments', trx: Transaction<Database>) {
      if (db.dialect === 'postgres')
        await sql`lock table ${sql.table(table)} in share row exclusive mode`.execute(trx);
    },

    /** Every department, ordered by code. */
    async listDepartments(exec: Executor = k): Promise<Department[]> {
      const rows = await exec.selectFrom('departments').selectAll().orderBy('code').execute();
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
    async insertDepartments(rows: NewDepartmentRow[], exec?: Transaction<Database>): Promise<void> {
      if (rows.length === 0) return;
      const write = async (trx: Transaction<Database>) => {
        for (const row of rows)
          await trx
            .insertInto('departments')
            .values({ ...row, version: row.version ?? 1, active: row.active ?? 1 })
            .execute();
      };
      await (exec ? write(exec) : k.transaction().execute(write));
    },

    /**
     * Applies an edit when the department is still at `version`, and raises the version.
     * @returns false (nothing written) when the department is gone or at another version.
     */
    async updateDepartment(
      id: string,
      version: number,
      changes: DepartmentChanges,
      trx: Transaction<Database>,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('departments')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * What still sends work to a department: categories naming it as their default (codes)
     * and routing overrides naming it (how many), read inside the caller's transaction.
     */
    async departmentReferences(
      id: string,
      trx: Transaction<Database>,
    ): Promise<{ categories: string[]; routingRules: number }> {
      const categories = await trx
        .selectFrom('categories')
        .select('code')
        .where('default_department_id', '=', id)
        .orderBy('code')
        .execute();
      const rules = await trx
        .selectFrom('routing_rules')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('department_id', '=', id)
        .executeTakeFirst();
      return { categories: categories.map((c) => c.code), routingRules: Number(rules?.n ?? 0) };
    },

    /** Every category, ordered for display. */
    async listCategories(exec: Executor = k): Promise<Category[]> {
      const rows = await exec
        .selectFrom('categories')
        .selectAll()
        .orderBy('sort_order')
        .orderBy('code')
        .execute();
      return rows.map(rowToCategory);
    },

    /** Inserts categories in one transaction (parents before children). */
    async insertCategories(rows: NewCategoryRow[], exec?: Transaction<Database>): Promise<void> {
      if (rows.length === 0) return;
      const write = async (trx: Transaction<Database>) => {
        for (const row of rows)
          await trx
            .insertInto('categories')
            .values({ ...row, version: row.version ?? 1, active: row.active ?? 1 })
            .execute();
      };
      await (exec ? write(exec) : k.transaction().execute(write));
    },

    /**
     * Applies an edit when the category is still at `version`, and raises the version.
     * @returns false (nothing written) when the category is gone or at another version.
     */
    async updateCategory(
      id: string,
      version: number,
      changes: CategoryChanges,
      trx: Transaction<Database>,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('categories')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type OrgStore = ReturnType<typeof createOrgStore>;
