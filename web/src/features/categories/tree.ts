/** Pure helpers over the category tree: leaves with their path, search in both languages. */
import type { CategoryNode } from '../../api/types.ts';

/** A selectable category (a leaf) with the names of its ancestors, root first. */
export interface CategoryLeaf {
  node: CategoryNode;
  path: CategoryNode[];
}

export interface CategoryIndex {
  roots: CategoryNode[];
  leaves: CategoryLeaf[];
  byCode: Map<string, CategoryLeaf>;
}

/** Indexes the tree's leaves (only leaves can be reported). */
export function indexCategories(roots: CategoryNode[]): CategoryIndex {
  const leaves: CategoryLeaf[] = [];
  const walk = (node: CategoryNode, path: CategoryNode[]) => {
    if (node.children.length === 0) leaves.push({ node, path });
    else for (const child of node.children) walk(child, [...path, node]);
  };
  for (const root of roots) walk(root, []);
  return { roots, leaves, byCode: new Map(leaves.map((l) => [l.node.code, l])) };
}

/** Lower-case text without spaces, for matching what a person types. */
function fold(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/**
 * The leaves whose name (zh or en), an ancestor's name or code contains every word of
 * `query`; leaves matched by their own name first.
 */
export function searchCategories(index: CategoryIndex, query: string): CategoryLeaf[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean).map(fold);
  if (words.length === 0) return [];
  const scored: [number, CategoryLeaf][] = [];
  for (const leaf of index.leaves) {
    const own = fold(`${leaf.node.nameZh} ${leaf.node.nameEn} ${leaf.node.code}`);
    const path = fold(leaf.path.map((p) => `${p.nameZh} ${p.nameEn}`).join(' '));
    if (!words.every((w) => own.includes(w) || path.includes(w))) continue;
    scored.push([words.every((w) => own.includes(w)) ? 0 : 1, leaf]);
  }
  return scored.sort((a, b) => a[0] - b[0]).map(([, leaf]) => leaf);
}
