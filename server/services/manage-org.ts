/**
 * Administration of the category and department trees (SPEC "Roles and scope": the admin
 * configures categories). Categories and departments serve the whole city, so any admin
 * may change them, as with SLA policies. Codes never change once created: clients,
 * Open311 `service_code`s, imports and routing rules name them. Nothing is deleted: a
 * category is retired (`active: false`) so no new report takes it, while its cases and
 * figures stay. Every edit names the `version` it read; a stale one changes nothing.
 * Each change is audited in its own transaction and takes effect at once in this instance
 * (within the reference-data TTL in others).
 */
import type { Transaction } from 'kysely';
import { checkAttributeDefinitions, type AttributeDraft } from '../domain/org/category-rules.ts';
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.ts';
import type { Category, CategoryKind, Department, Priority } from '../domain/org/category.ts';
import { requireRole, type Actor } from '../domain/org/scope.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema/database.ts';
import type { CategoryChanges, DepartmentChanges, OrgStore } from '../storage/stores/org-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { ReferenceVersionStore } from '../storage/stores/reference-version.ts';
import { isUniqueViolation } from '../storage/unique-violation.ts';
import { createAuditedConfig, type ConfigAudit } from './audited-config.ts';
import type { ReferenceDataCache } from './reference-data.ts';

/** Codes of categories and departments: letters, digits, `-`, `_`, `.`; at most 64. */
export const ORG_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const ORG_CODE = new RegExp(ORG_CODE_PATTERN);
/** Deepest tree, counting the root as 1 (routing looks up to 16 levels). */
export const MAX_TREE_DEPTH = 8;
export const MAX_DUPLICATE_RADIUS_M = 5000;
const MAX_NAME = 100;
const MAX_NOTICE = 500;

/** Fields of a category an admin sets; `parent` and `defaultDepartment` by code or id. */
export interface CategoryFields {
  parent: string | null;
  kind: CategoryKind;
  nameZh: string;
  nameEn: string;
  noticeZh: string | null;
  noticeEn: string | null;
  defaultPriority: Priority;
  defaultDepartment: string | null;
  duplicateRadiusM: number;
  sortOrder: number;
  attributes: AttributeDraft[];
  active: boolean;
}

export type NewCategoryInput = { code: string } & Partial<CategoryFields> &
  Pick<CategoryFields, 'nameZh' | 'nameEn'>;
export type CategoryEdit = { version: number } & Partial<CategoryFields>;

export interface NewDepartmentInput {
  code: string;
  parent?: string | null;
  nameZh: string;
  nameEn: string;
}
export interface DepartmentEdit {
  version: number;
  parent?: string | null;
  nameZh?: string;
  nameEn?: string;
  /** False retires it: refused while a category or routing override still names it. */
  active?: boolean;
}

interface TreeNode {
  id: string;
  code: string;
  parentId: string | null;
}

function byCodeOrId<T extends TreeNode>(rows: readonly T[], key: string): T | undefined {
  return rows.find((r) => r.code === key) ?? rows.find((r) => r.id === key);
}

/** Trimmed text of 1..max characters, or a problem. */
function name(value: string, field: string, problems: FieldProblem[]): string {
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_NAME)
    problems.push({ field, message: `1 to ${MAX_NAME} characters` });
  return text;
}

/** Trimmed text, null when empty; a problem when too long. */
function notice(value: string | null, field: string, problems: FieldProblem[]): string | null {
  const text = value?.trim() ?? '';
  if (text.length > MAX_NOTICE)
    problems.push({ field, message: `at most ${MAX_NOTICE} characters` });
  return text === '' ? null : text;
}

/**
 * The new parent's id (or null for a root), checked: it exists, it is neither the node
 * itself nor one of its descendants, and the node's subtree stays within MAX_TREE_DEPTH.
 */
function checkParent<T extends TreeNode>(
  rows: readonly T[],
  node: { id: string | null },
  parentKey: string | null,
  problems: FieldProblem[],
): string | null {
  if (parentKey === null || parentKey.trim() === '') return null;
  const parent = byCodeOrId(rows, parentKey);
  if (!parent) {
    problems.push({ field: '/parent', message: `unknown parent "${parentKey}"` });
    return null;
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depthOf = (id: string) => {
    let depth = 0;
    for (
      let cur = byId.get(id);
      cur && depth <= rows.length;
      cur = cur.parentId ? byId.get(cur.parentId) : undefined
    )
      depth++;
    return depth;
  };
  if (node.id !== null) {
    for (
      let cur: T | undefined = parent;
      cur;
      cur = cur.parentId ? byId.get(cur.parentId) : undefined
    ) {
      if (cur.id === node.id) {
        problems.push({
          field: '/parent',
          message: `"${parent.code}" lies under this node: a node cannot be moved into its own subtree`,
        });
        return null;
      }
    }
  }
  // The height of the moved subtree (1 for a leaf or a new node).
  let height = 1;
  if (node.id !== null) {
    const below = (id: string, level: number): void => {
      height = Math.max(height, level);
      for (const r of rows) if (r.parentId === id) below(r.id, level + 1);
    };
    below(node.id, 1);
  }
  if (depthOf(parent.id) + height > MAX_TREE_DEPTH)
    problems.push({
      field: '/parent',
      message: `the tree would be deeper than ${MAX_TREE_DEPTH} levels`,
    });
  return parent.id;
}

/** Builds the administration use cases of categories and departments. */
export function createManageOrg(deps: {
  db: Db;
  org: Pick<
    OrgStore,
    | 'listCategories'
    | 'listDepartments'
    | 'insertCategories'
    | 'updateCategory'
    | 'insertDepartments'
    | 'updateDepartment'
    | 'lockTree'
    | 'departmentReferences'
  >;
  audit: Pick<AuditStore, 'append'>;
  reference: ReferenceDataCache;
  referenceVersion: Pick<ReferenceVersionStore, 'bump'>;
  ids: IdGenerator;
  clock: Clock;
}) {
  const audited = createAuditedConfig(deps);

  /** Runs an audited change; a code taken meanwhile becomes a ConflictError. */
  async function write<T>(
    actor: Actor,
    audit: ConfigAudit | ((result: T) => ConfigAudit),
    code: string,
    change: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T> {
    try {
      return await audited(actor, audit, change);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`The code "${code}" is taken.`);
      throw error;
    }
  }

  /** The category's columns from the fields given (the rest left out), with problems. */
  function categoryColumns(
    fields: Partial<CategoryFields>,
    categories: readonly Category[],
    departments: readonly Department[],
    self: { id: string | null },
    problems: FieldProblem[],
  ): CategoryChanges {
    const out: CategoryChanges = {};
    if (fields.parent !== undefined)
      out.parent_id = checkParent(categories, self, fields.parent, problems);
    if (fields.kind !== undefined) out.kind = fields.kind;
    if (fields.nameZh !== undefined) out.name_zh = name(fields.nameZh, '/nameZh', problems);
    if (fields.nameEn !== undefined) out.name_en = name(fields.nameEn, '/nameEn', problems);
    if (fields.noticeZh !== undefined)
      out.notice_zh = notice(fields.noticeZh, '/noticeZh', problems);
    if (fields.noticeEn !== undefined)
      out.notice_en = notice(fields.noticeEn, '/noticeEn', problems);
    if (fields.defaultPriority !== undefined) out.default_priority = fields.defaultPriority;
    if (fields.defaultDepartment !== undefined) {
      if (fields.defaultDepartment === null || fields.defaultDepartment.trim() === '')
        out.default_department_id = null;
      else {
        const department = byCodeOrId(departments, fields.defaultDepartment);
        if (!department)
          problems.push({
            field: '/defaultDepartment',
            message: `unknown department "${fields.defaultDepartment}"`,
          });
        else {
          checkActiveDepartment(departments, department.id, '/defaultDepartment', problems);
          out.default_department_id = department.id;
        }
      }
    }
    if (fields.duplicateRadiusM !== undefined) {
      const r = fields.duplicateRadiusM;
      if (!Number.isInteger(r) || r < 0 || r > MAX_DUPLICATE_RADIUS_M)
        problems.push({
          field: '/duplicateRadiusM',
          message: `whole metres from 0 to ${MAX_DUPLICATE_RADIUS_M}`,
        });
      out.duplicate_radius_m = r;
    }
    if (fields.sortOrder !== undefined) out.sort_order = fields.sortOrder;
    if (fields.attributes !== undefined)
      out.attributes = JSON.stringify(checkAttributeDefinitions(fields.attributes, problems));
    if (fields.active !== undefined) out.active = fields.active ? 1 : 0;
    return out;
  }

  /** The department's columns from the fields given, with problems. */
  function departmentColumns(
    fields: Omit<DepartmentEdit, 'version'>,
    departments: readonly Department[],
    self: { id: string | null },
    problems: FieldProblem[],
  ): DepartmentChanges {
    const out: DepartmentChanges = {};
    if (fields.parent !== undefined)
      out.parent_id = checkParent(departments, self, fields.parent, problems);
    if (fields.nameZh !== undefined) out.name_zh = name(fields.nameZh, '/nameZh', problems);
    if (fields.nameEn !== undefined) out.name_en = name(fields.nameEn, '/nameEn', problems);
    if (fields.active !== undefined) out.active = fields.active ? 1 : 0;
    return out;
  }

  /** A retired department is no category's default, no override's target, no new parent. */
  function checkActiveDepartment(
    departments: readonly Department[],
    key: string,
    field: string,
    problems: FieldProblem[],
  ) {
    const found = byCodeOrId(departments, key);
    if (found && !found.active)
      problems.push({ field, message: `"${found.code}" is retired: choose another department` });
  }

  function checkCode(code: string, taken: readonly TreeNode[], problems: FieldProblem[]) {
    if (!ORG_CODE.test(code))
      problems.push({
        field: '/code',
        message: 'letters, digits, "-", "_" and "." (starting with a letter or digit), at most 64',
      });
    else if (taken.some((r) => r.code === code))
      throw new ConflictError(`The code "${code}" is taken.`);
  }

  return {
    /**
     * Adds a category.
     * @returns its id.
     * @throws ForbiddenError for non-admins; ValidationError for bad fields; ConflictError when the code is taken.
     */
    async createCategory(actor: Actor, input: NewCategoryInput): Promise<string> {
      requireRole(actor, ['admin']);
      const id = deps.ids.next();
      return write(
        actor,
        { action: 'config.category-created', subjectId: input.code, details: { ...input } },
        input.code,
        async (trx) => {
          await deps.org.lockTree('categories', trx);
          const [categories, departments] = await Promise.all([
            deps.org.listCategories(trx),
            deps.org.listDepartments(trx),
          ]);
          const problems: FieldProblem[] = [];
          checkCode(input.code, categories, problems);
          const columns = categoryColumns(
            { parent: null, ...input },
            categories,
            departments,
            { id: null },
            problems,
          );
          if (problems.length > 0)
            throw new ValidationError('The category was not created.', problems);
          const parent = columns.parent_id
            ? categories.find((c) => c.id === columns.parent_id)
            : undefined;
          const siblings = categories.filter((c) => c.parentId === (columns.parent_id ?? null));
          await deps.org.insertCategories(
            [
              {
                id,
                code: input.code,
                parent_id: columns.parent_id ?? null,
                kind: columns.kind ?? parent?.kind ?? 'other',
                name_zh: columns.name_zh as string,
                name_en: columns.name_en as string,
                notice_zh: columns.notice_zh ?? null,
                notice_en: columns.notice_en ?? null,
                default_priority: columns.default_priority ?? parent?.defaultPriority ?? 'normal',
                default_department_id:
                  columns.default_department_id !== undefined
                    ? columns.default_department_id
                    : (parent?.defaultDepartmentId ?? null),
                attributes: columns.attributes ?? '[]',
                duplicate_radius_m: columns.duplicate_radius_m ?? parent?.duplicateRadiusM ?? 50,
                sort_order:
                  columns.sort_order ?? Math.max(-1, ...siblings.map((c) => c.sortOrder)) + 1,
                created_at: deps.clock.now().toISOString(),
                active: columns.active ?? 1,
              },
            ],
            trx,
          );
          return id;
        },
      );
    },

    /**
     * Edits a category at the version the caller read.
     * @returns its id.
     * @throws ForbiddenError for non-admins; NotFoundError for an unknown category;
     *   ValidationError for bad fields; StaleVersionError when it changed meanwhile.
     */
    async updateCategory(actor: Actor, codeOrId: string, edit: CategoryEdit): Promise<string> {
      requireRole(actor, ['admin']);
      const { version, ...fields } = edit;
      const changed = await write(
        actor,
        (changed: Category) => ({
          action: 'config.category',
          subjectId: changed.code,
          details: { ...fields, version: version + 1 },
        }),
        codeOrId,
        async (trx) => {
          await deps.org.lockTree('categories', trx);
          const [categories, departments] = await Promise.all([
            deps.org.listCategories(trx),
            deps.org.listDepartments(trx),
          ]);
          const category = byCodeOrId(categories, codeOrId);
          if (!category) throw new NotFoundError(`No category "${codeOrId}".`);
          const problems: FieldProblem[] = [];
          const columns = categoryColumns(fields, categories, departments, category, problems);
          if (problems.length > 0)
            throw new ValidationError('The category was not saved.', problems);
          if (!(await deps.org.updateCategory(category.id, version, columns, trx)))
            throw new StaleVersionError(
              `The category "${category.code}" is at version ${category.version}, not ${version}: reload it and try again.`,
            );
          return category;
        },
      );
      return changed.id;
    },

    /**
     * Adds a department.
     * @returns its id.
     * @throws ForbiddenError for non-admins; ValidationError for bad fields; ConflictError when the code is taken.
     */
    async createDepartment(actor: Actor, input: NewDepartmentInput): Promise<string> {
      requireRole(actor, ['admin']);
      const id = deps.ids.next();
      return write(
        actor,
        { action: 'config.department-created', subjectId: input.code, details: { ...input } },
        input.code,
        async (trx) => {
          await deps.org.lockTree('departments', trx);
          const departments = await deps.org.listDepartments(trx);
          const problems: FieldProblem[] = [];
          checkCode(input.code, departments, problems);
          const columns = departmentColumns(
            { parent: input.parent ?? null, nameZh: input.nameZh, nameEn: input.nameEn },
            departments,
            { id: null },
            problems,
          );
          if (input.parent) checkActiveDepartment(departments, input.parent, '/parent', problems);
          if (problems.length > 0)
            throw new ValidationError('The department was not created.', problems);
          await deps.org.insertDepartments(
            [
              {
                id,
                code: input.code,
                parent_id: columns.parent_id ?? null,
                name_zh: columns.name_zh as string,
                name_en: columns.name_en as string,
                created_at: deps.clock.now().toISOString(),
              },
            ],
            trx,
          );
          return id;
        },
      );
    },

    /**
     * Edits a department at the version the caller read.
     * @returns its id.
     * @throws ForbiddenError for non-admins; NotFoundError for an unknown department;
     *   ValidationError for bad fields; StaleVersionError when it changed meanwhile.
     */
    async updateDepartment(actor: Actor, codeOrId: string, edit: DepartmentEdit): Promise<string> {
      requireRole(actor, ['admin']);
      const { version, ...fields } = edit;
      const changed = await write(
        actor,
        (changed: Department) => ({
          action: 'config.department',
          subjectId: changed.code,
          details: { ...fields, version: version + 1 },
        }),
        codeOrId,
        async (trx) => {
          // Categories first, in the order a category edit takes them: retiring reads which
          // categories name the department, and none may start naming it meanwhile.
          await deps.org.lockTree('categories', trx);
          await deps.org.lockTree('departments', trx);
          const departments = await deps.org.listDepartments(trx);
          const department = byCodeOrId(departments, codeOrId);
          if (!department) throw new NotFoundError(`No department "${codeOrId}".`);
          const problems: FieldProblem[] = [];
          const columns = departmentColumns(fields, departments, department, problems);
          // A new parent must be in service; keeping the present one is always allowed.
          if (fields.parent && byCodeOrId(departments, fields.parent)?.id !== department.parentId)
            checkActiveDepartment(departments, fields.parent, '/parent', problems);
          if (fields.active === false && department.active) {
            const refs = await deps.org.departmentReferences(department.id, trx);
            const children = departments.filter((d) => d.parentId === department.id && d.active);
            const still = [
              ...(refs.categories.length > 0
                ? [`the default department of ${refs.categories.join(', ')}`]
                : []),
              ...(refs.routingRules > 0
                ? [`the target of ${refs.routingRules} routing override(s)`]
                : []),
              ...(children.length > 0
                ? [
                    `the parent of ${children.map((d) => d.code).join(', ')} (retire or move them first)`,
                  ]
                : []),
            ];
            if (still.length > 0)
              problems.push({
                field: '/active',
                message: `cannot retire "${department.code}" while it is ${still.join('; ')}`,
              });
          }
          if (problems.length > 0)
            throw new ValidationError('The department was not saved.', problems);
          if (!(await deps.org.updateDepartment(department.id, version, columns, trx)))
            throw new StaleVersionError(
              `The department "${department.code}" is at version ${department.version}, not ${version}: reload it and try again.`,
            );
          return department;
        },
      );
      return changed.id;
    },
  };
}

export type ManageOrg = ReturnType<typeof createManageOrg>;
