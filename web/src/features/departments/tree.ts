/** The department tree as the pickers list it. */

/** What the pickers need of a department node. */
export interface DepartmentTreeNode<T> {
  code: string;
  /** False when retired (absent: in service). */
  active?: boolean;
  children: T[];
}

/**
 * The tree depth first, each node with its depth for indenting. With `inService`, a retired
 * department and everything under it are left out: what may still be chosen for new work
 * (dispatch, a category's default, a routing override).
 */
export function flattenDepartments<T extends DepartmentTreeNode<T>>(
  roots: readonly T[],
  options: { inService?: boolean } = {},
  depth = 0,
): { node: T; depth: number }[] {
  return roots.flatMap((node) =>
    options.inService && node.active === false
      ? []
      : [{ node, depth }, ...flattenDepartments(node.children, options, depth + 1)],
  );
}
