import { describe, expect, it } from 'vitest';
import type { Category } from '../org/category.ts';
import { categoryLineage, routeDepartment, type RoutingRule } from './routing.ts';

function category(
  id: string,
  parentId: string | null,
  defaultDepartmentId: string | null,
): Category {
  return {
    id,
    code: id,
    parentId,
    kind: 'facility',
    nameZh: id,
    nameEn: id,
    noticeZh: null,
    noticeEn: null,
    defaultPriority: 'normal',
    defaultDepartmentId,
    attributes: [],
    duplicateRadiusM: 50,
    sortOrder: 0,
    active: true,
    version: 1,
  };
}

/** Facilities > roads > potholes; environment > litter, with no department anywhere. */
const CATEGORIES = new Map(
  [
    category('facilities', null, 'd-public-works'),
    category('roads', 'facilities', 'd-roads'),
    category('potholes', 'roads', null),
    category('lamps', 'facilities', null),
    category('environment', null, null),
    category('litter', 'environment', null),
  ].map((c) => [c.id, c]),
);

const PATH = ['city', 'district', 'street', 'community', 'grid'];

describe('categoryLineage', () => {
  it('lists the category and its ancestors, nearest first', () => {
    expect(categoryLineage('potholes', CATEGORIES)).toEqual(['potholes', 'roads', 'facilities']);
    expect(categoryLineage('facilities', CATEGORIES)).toEqual(['facilities']);
    expect(categoryLineage('unknown', CATEGORIES)).toEqual([]);
  });

  it('stops on a cycle', () => {
    const looped = new Map([
      ['a', category('a', 'b', null)],
      ['b', category('b', 'a', null)],
    ]);
    expect(categoryLineage('a', looped).length).toBeLessThanOrEqual(16);
  });
});

describe('routeDepartment', () => {
  it('takes the category’s own default department', () => {
    expect(routeDepartment('roads', PATH, CATEGORIES, [])).toBe('d-roads');
  });

  it('falls back to the nearest ancestor category with a default', () => {
    expect(routeDepartment('potholes', PATH, CATEGORIES, [])).toBe('d-roads');
    expect(routeDepartment('lamps', PATH, CATEGORIES, [])).toBe('d-public-works');
  });

  it('lets a per-area override beat the category default', () => {
    const rules: RoutingRule[] = [
      { areaId: 'street', categoryId: 'roads', departmentId: 'd-street-roads' },
    ];
    expect(routeDepartment('roads', PATH, CATEGORIES, rules)).toBe('d-street-roads');
    // An override for an ancestor category still applies to its subcategories …
    expect(routeDepartment('potholes', PATH, CATEGORIES, rules)).toBe('d-street-roads');
    // … but only inside the area's subtree.
    expect(routeDepartment('roads', ['city', 'district', 'street-2'], CATEGORIES, rules)).toBe(
      'd-roads',
    );
  });

  it('lets a deeper area’s override beat a shallower one, whatever their order', () => {
    const rules: RoutingRule[] = [
      { areaId: 'district', categoryId: 'roads', departmentId: 'd-district' },
      { areaId: 'community', categoryId: 'roads', departmentId: 'd-community' },
    ];
    expect(routeDepartment('roads', PATH, CATEGORIES, rules)).toBe('d-community');
    expect(routeDepartment('roads', PATH, CATEGORIES, [...rules].reverse())).toBe('d-community');
    // A deeper area wins even with a less specific category.
    const mixed: RoutingRule[] = [
      { areaId: 'district', categoryId: 'potholes', departmentId: 'd-district-potholes' },
      { areaId: 'community', categoryId: 'facilities', departmentId: 'd-community-all' },
    ];
    expect(routeDepartment('potholes', PATH, CATEGORIES, mixed)).toBe('d-community-all');
  });

  it('prefers the more specific category among overrides of the same area', () => {
    const rules: RoutingRule[] = [
      { areaId: 'street', categoryId: 'facilities', departmentId: 'd-facilities' },
      { areaId: 'street', categoryId: 'potholes', departmentId: 'd-potholes' },
    ];
    expect(routeDepartment('potholes', PATH, CATEGORIES, rules)).toBe('d-potholes');
    expect(routeDepartment('potholes', PATH, CATEGORIES, [...rules].reverse())).toBe('d-potholes');
    expect(routeDepartment('lamps', PATH, CATEGORIES, rules)).toBe('d-facilities');
  });

  it('ignores overrides for other categories', () => {
    const rules: RoutingRule[] = [{ areaId: 'grid', categoryId: 'lamps', departmentId: 'd-lamps' }];
    expect(routeDepartment('potholes', PATH, CATEGORIES, rules)).toBe('d-roads');
  });

  it('is null when neither a rule nor any category default names a department', () => {
    expect(routeDepartment('litter', PATH, CATEGORIES, [])).toBeNull();
    expect(routeDepartment('unknown', PATH, CATEGORIES, [])).toBeNull();
    expect(routeDepartment('litter', [], CATEGORIES, [])).toBeNull();
  });
});
