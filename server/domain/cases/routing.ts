/**
 * Routing by category: the responsible department of a case. A routing rule for the case's
 * area (or its nearest ancestor area) and category (or its nearest ancestor category)
 * overrides the category's default department; the nearest category default comes next.
 */
import type { Category } from '../org/category.ts';

/** A per-area override: in this area's subtree, this category goes to this department. */
export interface RoutingRule {
  areaId: string;
  categoryId: string;
  departmentId: string;
}

/** Ids from the category up to its root category. */
export function categoryLineage(categoryId: string, byId: ReadonlyMap<string, Category>): string[] {
  const chain: string[] = [];
  let current = byId.get(categoryId);
  while (current && chain.length < 16) {
    chain.push(current.id);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return chain;
}

/**
 * The department for a category in an area (given by its path, root first), or null when
 * neither a rule nor any category default names one. The deepest area wins first, then
 * the most specific category.
 */
export function routeDepartment(
  categoryId: string,
  areaPath: readonly string[],
  categories: ReadonlyMap<string, Category>,
  rules: readonly RoutingRule[],
): string | null {
  const lineage = categoryLineage(categoryId, categories);
  for (let a = areaPath.length - 1; a >= 0; a--) {
    for (const category of lineage) {
      const rule = rules.find((r) => r.areaId === areaPath[a] && r.categoryId === category);
      if (rule) return rule.departmentId;
    }
  }
  for (const category of lineage) {
    const department = categories.get(category)?.defaultDepartmentId;
    if (department) return department;
  }
  return null;
}
