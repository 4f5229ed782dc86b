/** How categories and departments are shown: as trees, each node with its children. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Category, Department } from '../../../domain/org/category.ts';
import { Ref } from '../common.schemas.ts';

const Attribute = Type.Object({
  code: Type.String(),
  datatype: Type.String(),
  required: Type.Boolean(),
  order: Type.Integer(),
  descriptionZh: Type.String(),
  descriptionEn: Type.String(),
  values: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
  ),
});

export const CategoryNode = Type.Recursive(
  (Self) =>
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      kind: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      noticeZh: Type.Union([Type.String(), Type.Null()]),
      noticeEn: Type.Union([Type.String(), Type.Null()]),
      defaultPriority: Type.String(),
      defaultDepartment: Type.Union([Ref, Type.Null()]),
      duplicateRadiusM: Type.Integer(),
      sortOrder: Type.Integer(),
      attributes: Type.Array(Attribute),
      active: Type.Boolean({
        description:
          'False when retired. A category is offered for new reports when it and every category above it are active.',
      }),
      version: Type.Integer({ description: 'Send it back with an edit (optimistic concurrency)' }),
      children: Type.Array(Self),
    }),
  { $id: 'CategoryNode' },
);

export const DepartmentNode = Type.Recursive(
  (Self) =>
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      version: Type.Integer({ description: 'Send it back with an edit (optimistic concurrency)' }),
      active: Type.Boolean({ description: 'False when retired: no new dispatch, its cases stay' }),
      children: Type.Array(Self),
    }),
  { $id: 'DepartmentNode' },
);

type Node<T> = T & { children: Node<T>[] };

/** Nests flat rows (parents may come in any order) into trees. */
export function nest<T extends { id: string; parentId: string | null }, V>(
  rows: readonly T[],
  view: (row: T) => V,
): Node<V>[] {
  const nodes = new Map<string, Node<V>>();
  for (const row of rows) nodes.set(row.id, { ...view(row), children: [] });
  const roots: Node<V>[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id) as Node<V>;
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

type CategoryView = Omit<Static<typeof CategoryNode>, 'children'>;

/** The category tree, with each default department as `{id, code}`. */
export function presentCategoryTree(
  categories: readonly Category[],
  departments: readonly Department[],
) {
  const departmentById = new Map(departments.map((d) => [d.id, d]));
  return nest<Category, CategoryView>(categories, (c) => {
    const department = c.defaultDepartmentId
      ? departmentById.get(c.defaultDepartmentId)
      : undefined;
    return {
      id: c.id,
      code: c.code,
      kind: c.kind,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      noticeZh: c.noticeZh,
      noticeEn: c.noticeEn,
      defaultPriority: c.defaultPriority,
      defaultDepartment: department ? { id: department.id, code: department.code } : null,
      duplicateRadiusM: c.duplicateRadiusM,
      sortOrder: c.sortOrder,
      attributes: c.attributes,
      active: c.active,
      version: c.version,
    };
  });
}

/** The department tree. */
export function presentDepartmentTree(departments: readonly Department[]) {
  return nest(departments, (d) => ({
    id: d.id,
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    version: d.version,
    active: d.active,
  }));
}

/** The node with `id` in a tree, with its subtree; undefined when absent. */
export function findNode<T extends { id: string; children: T[] }>(
  roots: readonly T[],
  id: string,
): T | undefined {
  for (const node of roots) {
    if (node.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}

export const orgSchemas: TSchema[] = [CategoryNode, DepartmentNode];
