/**
 * A node of the category or department tree on the admin pages: its name in the reader's
 * language, its code, a "retired" badge when it is out of service, and its children.
 */
import { useAreaName } from './AreaTree.tsx';
import { TreeItem } from './parts.tsx';

/** What the admin trees show of a category or a department. */
export interface OrgNode<T> {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
  children: T[];
}

export function OrgTreeNode<T extends OrgNode<T>>({
  node,
  selected,
  onSelect,
  retiredLabel,
  initiallyOpen = false,
}: {
  node: T;
  selected: string | null;
  onSelect: (code: string) => void;
  retiredLabel: string;
  initiallyOpen?: boolean;
}) {
  const name = useAreaName();
  return (
    <TreeItem
      code={node.code}
      name={name(node)}
      leaf={node.children.length === 0}
      selected={selected === node.code}
      onSelect={() => onSelect(node.code)}
      badge={node.active ? undefined : <span className="badge badge-muted">{retiredLabel}</span>}
      initiallyOpen={initiallyOpen}
    >
      <ul className="admin-tree-level">
        {node.children.map((child) => (
          <OrgTreeNode
            key={child.id}
            node={child}
            selected={selected}
            onSelect={onSelect}
            retiredLabel={retiredLabel}
            initiallyOpen={initiallyOpen}
          />
        ))}
      </ul>
    </TreeItem>
  );
}
