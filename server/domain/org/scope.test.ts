import { describe, it, expect } from 'vitest';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { DEPARTMENT_ROLES, ROLES, type Role } from './role.ts';
import {
  checkGrantShape,
  hasAnyRole,
  requireRole,
  scopeCoversArea,
  scopeOf,
  type Actor,
  type RoleGrant,
} from './scope.ts';

function onArea(role: Role, path: string[]): RoleGrant {
  const id = path[path.length - 1] as string;
  return { role, area: { id, code: `code-${id}`, path }, department: null };
}

function onDepartment(role: Role, id: string): RoleGrant {
  return { role, area: null, department: { id, code: `code-${id}` } };
}

function actor(...grants: RoleGrant[]): Actor {
  return { userId: 'u1', login: 'li.wei', displayName: 'Li Wei', grants, via: 'session' };
}

describe('scopeOf', () => {
  it('is empty for an actor without grants', () => {
    expect(scopeOf(actor())).toEqual({ areaPaths: [], departmentIds: [] });
  });

  it('keeps one subtree per area grant', () => {
    const scope = scopeOf(actor(onArea('grid_worker', ['c', 'd', 's1'])));
    expect(scope).toEqual({ areaPaths: [['c', 'd', 's1']], departmentIds: [] });
  });

  it('keeps sibling subtrees apart', () => {
    const scope = scopeOf(
      actor(onArea('grid_worker', ['c', 'd', 's1']), onArea('grid_worker', ['c', 'd', 's2'])),
    );
    expect(scope.areaPaths).toEqual([
      ['c', 'd', 's1'],
      ['c', 'd', 's2'],
    ]);
  });

  it('folds a nested subtree into its ancestor whichever comes first', () => {
    const ancestor = onArea('supervisor', ['c', 'd']);
    const nested = onArea('grid_worker', ['c', 'd', 's1', 'm1']);
    expect(scopeOf(actor(ancestor, nested)).areaPaths).toEqual([['c', 'd']]);
    expect(scopeOf(actor(nested, ancestor)).areaPaths).toEqual([['c', 'd']]);
  });

  it('folds several levels of nesting down to the outermost subtree', () => {
    const scope = scopeOf(
      actor(
        onArea('grid_worker', ['c', 'd', 's1', 'm1', 'g1']),
        onArea('grid_leader', ['c', 'd', 's1', 'm1']),
        onArea('dispatcher', ['c', 'd', 's1']),
        onArea('grid_worker', ['c', 'd', 's2', 'm9']),
      ),
    );
    expect(scope.areaPaths).toEqual([
      ['c', 'd', 's1'],
      ['c', 'd', 's2', 'm9'],
    ]);
  });

  it('keeps one copy of a subtree granted twice', () => {
    const scope = scopeOf(
      actor(onArea('grid_worker', ['c', 'd', 's1']), onArea('grid_leader', ['c', 'd', 's1'])),
    );
    expect(scope.areaPaths).toEqual([['c', 'd', 's1']]);
  });

  it('does not fold paths that only share a prefix of ids with another root', () => {
    const scope = scopeOf(
      actor(onArea('supervisor', ['c1', 'd']), onArea('supervisor', ['c2', 'd'])),
    );
    expect(scope.areaPaths).toHaveLength(2);
  });

  it('filters by roles', () => {
    const a = actor(
      onArea('supervisor', ['c', 'd']),
      onArea('grid_worker', ['c', 'd', 's1', 'm1']),
      onArea('auditor', ['c', 'x']),
      onDepartment('handler', 'dep-water'),
    );
    expect(scopeOf(a, ['grid_worker'])).toEqual({
      areaPaths: [['c', 'd', 's1', 'm1']],
      departmentIds: [],
    });
    expect(scopeOf(a, ['grid_worker', 'auditor']).areaPaths).toEqual([
      ['c', 'd', 's1', 'm1'],
      ['c', 'x'],
    ]);
    expect(scopeOf(a, ['handler'])).toEqual({ areaPaths: [], departmentIds: ['dep-water'] });
    expect(scopeOf(a, [])).toEqual({ areaPaths: [], departmentIds: [] });
    expect(scopeOf(a, ['admin'])).toEqual({ areaPaths: [], departmentIds: [] });
  });

  it('uses every role when none are given', () => {
    const a = actor(
      onArea('grid_worker', ['c', 'd', 's1', 'm1']),
      onArea('auditor', ['c', 'x']),
      onDepartment('handler', 'dep-water'),
    );
    expect(scopeOf(a)).toEqual({
      areaPaths: [
        ['c', 'd', 's1', 'm1'],
        ['c', 'x'],
      ],
      departmentIds: ['dep-water'],
    });
  });

  it('collects department ids without duplicates, in grant order', () => {
    const a = actor(
      onDepartment('handler', 'dep-water'),
      onDepartment('department_head', 'dep-roads'),
      onDepartment('department_head', 'dep-water'),
      onDepartment('handler', 'dep-roads'),
      onDepartment('handler', 'dep-parks'),
    );
    expect(scopeOf(a).departmentIds).toEqual(['dep-water', 'dep-roads', 'dep-parks']);
    expect(scopeOf(a, ['department_head']).departmentIds).toEqual(['dep-roads', 'dep-water']);
  });

  it('ignores resident grants, which carry no scope', () => {
    const a = actor({ role: 'resident', area: null, department: null });
    expect(scopeOf(a)).toEqual({ areaPaths: [], departmentIds: [] });
  });

  it('does not modify the grant paths', () => {
    const path = ['c', 'd'];
    const scope = scopeOf(actor(onArea('supervisor', path)));
    expect(path).toEqual(['c', 'd']);
    expect(scope.areaPaths).toEqual([['c', 'd']]);
  });
});

describe('scopeCoversArea', () => {
  const scope = {
    areaPaths: [
      ['c', 'd', 's1'],
      ['c', 'x'],
    ],
    departmentIds: ['dep'],
  };

  it('covers the subtree root itself', () => {
    expect(scopeCoversArea(scope, ['c', 'd', 's1'])).toBe(true);
    expect(scopeCoversArea(scope, ['c', 'x'])).toBe(true);
  });

  it('covers areas below a subtree root', () => {
    expect(scopeCoversArea(scope, ['c', 'd', 's1', 'm1'])).toBe(true);
    expect(scopeCoversArea(scope, ['c', 'd', 's1', 'm1', 'g1', 'sg1'])).toBe(true);
    expect(scopeCoversArea(scope, ['c', 'x', 'y'])).toBe(true);
  });

  it('does not cover ancestors of a subtree root', () => {
    expect(scopeCoversArea(scope, ['c', 'd'])).toBe(false);
    expect(scopeCoversArea(scope, ['c'])).toBe(false);
    expect(scopeCoversArea(scope, [])).toBe(false);
  });

  it('does not cover siblings or other branches', () => {
    expect(scopeCoversArea(scope, ['c', 'd', 's2'])).toBe(false);
    expect(scopeCoversArea(scope, ['c', 'd', 's2', 'm1'])).toBe(false);
    expect(scopeCoversArea(scope, ['other', 'd', 's1'])).toBe(false);
  });

  it('compares ids position by position, not as a set', () => {
    expect(scopeCoversArea(scope, ['d', 'c', 's1'])).toBe(false);
    expect(scopeCoversArea(scope, ['x', 'c'])).toBe(false);
  });

  it('covers nothing with an empty scope', () => {
    expect(scopeCoversArea({ areaPaths: [], departmentIds: [] }, ['c', 'd'])).toBe(false);
  });

  it('agrees with scopeOf after folding', () => {
    const folded = scopeOf(
      actor(onArea('supervisor', ['c', 'd']), onArea('grid_worker', ['c', 'd', 's1'])),
    );
    expect(scopeCoversArea(folded, ['c', 'd', 's2', 'm1'])).toBe(true);
    expect(scopeCoversArea(folded, ['c', 'e'])).toBe(false);
  });
});

describe('hasAnyRole and requireRole', () => {
  const a = actor(onArea('grid_worker', ['c', 'd']), onDepartment('handler', 'dep'));

  it('is true when the actor holds one of the roles', () => {
    expect(hasAnyRole(a, ['grid_worker'])).toBe(true);
    expect(hasAnyRole(a, ['admin', 'handler'])).toBe(true);
  });

  it('is false when the actor holds none of them', () => {
    expect(hasAnyRole(a, ['admin', 'supervisor'])).toBe(false);
    expect(hasAnyRole(a, [])).toBe(false);
    expect(hasAnyRole(actor(), ROLES)).toBe(false);
  });

  it('is false for no actor', () => {
    expect(hasAnyRole(null, ROLES)).toBe(false);
  });

  it('lets requireRole pass when a role is held', () => {
    expect(() => requireRole(a, ['admin', 'grid_worker'])).not.toThrow();
  });

  it('makes requireRole throw ForbiddenError naming the roles', () => {
    let caught: unknown;
    try {
      requireRole(a, ['admin', 'supervisor']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ForbiddenError);
    const error = caught as ForbiddenError;
    expect(error.code).toBe('forbidden');
    expect(error.name).toBe('ForbiddenError');
    expect(error.message).toBe('This needs one of the roles: admin, supervisor.');
  });

  it('makes requireRole throw for an actor without grants', () => {
    expect(() => requireRole(actor(), ['resident'])).toThrow(ForbiddenError);
  });
});

describe('checkGrantShape', () => {
  const areaRoles = ROLES.filter((role) => role !== 'resident' && !DEPARTMENT_ROLES.includes(role));

  function shapeError(role: Role, areaId: unknown, departmentId: unknown): ValidationError {
    let caught: unknown;
    try {
      checkGrantShape(role, areaId, departmentId);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    return caught as ValidationError;
  }

  it('knows which roles are department roles', () => {
    expect([...DEPARTMENT_ROLES].sort()).toEqual(['department_head', 'handler']);
    expect(areaRoles).toContain('grid_worker');
    expect(areaRoles).toContain('admin');
  });

  it.each([...DEPARTMENT_ROLES])('accepts %s on a department', (role) => {
    expect(() => checkGrantShape(role, null, 'dep')).not.toThrow();
    expect(() => checkGrantShape(role, undefined, 'dep')).not.toThrow();
  });

  it.each([...DEPARTMENT_ROLES])('rejects %s without a department or with an area', (role) => {
    for (const [areaId, departmentId] of [
      [null, null],
      ['area', null],
      ['area', 'dep'],
      [null, ''],
    ]) {
      const error = shapeError(role, areaId, departmentId);
      expect(error.message).toBe(`The ${role} role is granted on a department.`);
      expect(error.fields).toEqual([
        { field: '/department', message: `${role} needs a department and no area` },
      ]);
    }
  });

  it.each(areaRoles)('accepts %s on an area', (role) => {
    expect(() => checkGrantShape(role, 'area', null)).not.toThrow();
    expect(() => checkGrantShape(role, 'area', undefined)).not.toThrow();
  });

  it.each(areaRoles)('rejects %s without an area or with a department', (role) => {
    for (const [areaId, departmentId] of [
      [null, null],
      [null, 'dep'],
      ['area', 'dep'],
      ['', null],
    ]) {
      const error = shapeError(role, areaId, departmentId);
      expect(error.message).toBe(`The ${role} role is granted on an area subtree.`);
      expect(error.fields).toEqual([
        { field: '/area', message: `${role} needs an area and no department` },
      ]);
    }
  });

  it('accepts resident without any scope', () => {
    expect(() => checkGrantShape('resident', null, null)).not.toThrow();
    expect(() => checkGrantShape('resident', undefined, undefined)).not.toThrow();
    expect(() => checkGrantShape('resident', '', '')).not.toThrow();
  });

  it('rejects resident with an area or a department', () => {
    for (const [areaId, departmentId] of [
      ['area', null],
      [null, 'dep'],
      ['area', 'dep'],
    ]) {
      const error = shapeError('resident', areaId, departmentId);
      expect(error.message).toBe('The resident role has no scope.');
      expect(error.fields).toEqual([
        { field: '/role', message: 'resident takes neither area nor department' },
      ]);
    }
  });
});
