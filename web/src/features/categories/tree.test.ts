import { describe, expect, it } from 'vitest';
import type { CategoryNode } from '../../api/types.ts';
import { indexCategories, searchCategories } from './tree.ts';

const node = (code: string, nameZh: string, nameEn: string, children: CategoryNode[] = []) =>
  ({
    id: code,
    code,
    kind: 'facility',
    nameZh,
    nameEn,
    noticeZh: null,
    noticeEn: null,
    defaultPriority: 'normal',
    attributes: [],
    children,
  }) satisfies CategoryNode;

const tree = [
  node('C', '部件', 'Components', [
    node('C01', '公用设施', 'Public utilities', [
      node('C0104', '路灯', 'Street light'),
      node('C0105', '消防栓', 'Fire hydrant'),
    ]),
  ]),
  node('OT', '其他', 'Other'),
];

describe('category tree', () => {
  it('indexes only the leaves, with their path', () => {
    const index = indexCategories(tree);
    expect(index.leaves.map((l) => l.node.code)).toEqual(['C0104', 'C0105', 'OT']);
    expect(index.byCode.get('C0104')?.path.map((p) => p.code)).toEqual(['C', 'C01']);
  });

  it('searches Chinese and English names, ignoring case and spaces', () => {
    const index = indexCategories(tree);
    expect(searchCategories(index, '路灯').map((l) => l.node.code)).toEqual(['C0104']);
    expect(searchCategories(index, 'STREET light').map((l) => l.node.code)).toEqual(['C0104']);
    expect(searchCategories(index, 'streetlight').map((l) => l.node.code)).toEqual(['C0104']);
    expect(searchCategories(index, '   ')).toEqual([]);
  });

  it('finds leaves by an ancestor, own-name matches first', () => {
    const index = indexCategories(tree);
    expect(searchCategories(index, 'utilities').map((l) => l.node.code)).toEqual([
      'C0104',
      'C0105',
    ]);
    expect(searchCategories(index, '其他').map((l) => l.node.code)).toEqual(['OT']);
  });
});
