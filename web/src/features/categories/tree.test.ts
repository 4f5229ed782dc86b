import { describe, expect, it } from 'vitest';
import type { CategoryNode } from '../../api/types.ts';
import { indexCategories, searchCategories } from './tree.ts';

const node = (
  code: string,
  nameZh: string,
  nameEn: string,
  children: CategoryNode[] = [],
  active = true,
) =>
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
    active,
    version: 1,
    duplicateRadiusM: 50,
    sortOrder: 0,
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

  it('offers new reports neither retired categories, nor what lies under them, nor emptied groups', () => {
    const withRetired = [
      node('C', '部件', 'Components', [
        node('C01', '公用设施', 'Public utilities', [
          node('C0104', '路灯', 'Street light', [], false),
          node('C0105', '消防栓', 'Fire hydrant'),
        ]),
        node('C02', '道路交通', 'Roads', [node('C0201', '路牌', 'Sign', [], false)]),
      ]),
      node('OT', '其他', 'Other', [node('OT01', '杂项', 'Misc')], false),
    ];
    const index = indexCategories(withRetired);
    expect(index.reportable.leaves.map((l) => l.node.code)).toEqual(['C0105']);
    expect(index.reportable.roots.map((r) => r.code)).toEqual(['C']);
    expect(index.reportable.roots[0]?.children.map((c) => c.code)).toEqual(['C01']);
    expect(searchCategories(index, '路灯')).toEqual([]);
    // Cases keep their categories: the full index still names every one.
    expect(index.byCode.get('C0104')?.node.nameEn).toBe('Street light');
    expect(index.leaves).toHaveLength(4);
  });
});
