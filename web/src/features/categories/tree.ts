/** Pure helpers over the category tree: leaves with their path, search in both languages. */
import type { CategoryNode } from '../../api/types.ts';

/** A selectable category (a leaf) with the names of its ancestors, root first. */
export interface CategoryLeaf {
  node: CategoryNode;
  path: CategoryNode[];
}

export interface CategoryIndex {
  /** The whole tree, retired categories included (cases keep theirs). */
  roots: CategoryNode[];
  leaves: CategoryLeaf[];
  byCode: Map<string, CategoryLeaf>;
  /** What a new report may take: retired categories and groups left empty taken out. */
  reportable: { roots: CategoryNode[]; leaves: CategoryLeaf[] };
}

function leavesOf(roots: CategoryNode[]): CategoryLeaf[] {
  const leaves: CategoryLeaf[] = [];
  const walk = (node: CategoryNode, path: CategoryNode[]) => {
    if (node.children.length === 0) leaves.push({ node, path });
    else for (const child of node.children) walk(child, [...path, node]);
  };
  for (const root of roots) walk(root, []);
  return leaves;
}

/**
 * The tree without retired categories (and all under them), and without groups whose
 * every category is retired: a group is never offered as if it were a category.
 */
export function reportableTree(roots: CategoryNode[]): CategoryNode[] {
  const prune = (node: CategoryNode): CategoryNode | null => {
    if (node.active === false) return null;
    if (node.children.length === 0) return node;
    const children = node.children.flatMap((child) => prune(child) ?? []);
    return children.length === 0 ? null : { ...node, children };
  };
  return roots.flatMap((root) => prune(root) ?? []);
}

/** Indexes the tree's leaves (only leaves can be reported). */
export function indexCategories(roots: CategoryNode[]): CategoryIndex {
  const leaves = leavesOf(roots);
  const open = reportableTree(roots);
  return {
    roots,
    leaves,
    byCode: new Map(leaves.map((l) => [l.node.code, l])),
    reportable: { roots: open, leaves: leavesOf(open) },
  };
}

/** Lower-case text without spaces, for matching what a person types. */
function fold(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/**
 * The reportable leaves whose name (zh or en), an ancestor's name or code contains every
 * word of `query`; leaves matched by their own name first.
 */
export function searchCategories(index: CategoryIndex, query: string): CategoryLeaf[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean).map(fold);
  if (words.length === 0) return [];
  const scored: [number, CategoryLeaf][] = [];
  for (const leaf of index.reportable.leaves) {
    const own = fold(`${leaf.node.nameZh} ${leaf.node.nameEn} ${leaf.node.code}`);
    const path = fold(leaf.path.map((p) => `${p.nameZh} ${p.nameEn}`).join(' '));
    if (!words.every((w) => own.includes(w) || path.includes(w))) continue;
    scored.push([words.every((w) => own.includes(w)) ? 0 : 1, leaf]);
  }
  return scored.sort((a, b) => a[0] - b[0]).map(([, leaf]) => leaf);
}
