import { describe, expect, it } from 'vitest';
import { flattenDepartments } from './tree.ts';

interface Node {
  code: string;
  active?: boolean;
  children: Node[];
}
const node = (code: string, children: Node[] = [], active = true): Node => ({
  code,
  active,
  children,
});

const tree = [
  node('water', [node('drainage'), node('old-pumps', [node('pump-2')], false)]),
  node('fire'),
];

describe('the department tree for pickers', () => {
  it('lists every department depth first with its depth', () => {
    expect(flattenDepartments(tree).map(({ node: n, depth }) => [n.code, depth])).toEqual([
      ['water', 0],
      ['drainage', 1],
      ['old-pumps', 1],
      ['pump-2', 2],
      ['fire', 0],
    ]);
  });

  it('leaves out retired departments and what lies under them for new work', () => {
    expect(flattenDepartments(tree, { inService: true }).map(({ node: n }) => n.code)).toEqual([
      'water',
      'drainage',
      'fire',
    ]);
  });
});
