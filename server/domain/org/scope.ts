/**
 * Scope: what a signed-in caller may see and do. Every role is granted on an area subtree
 * or on a department; the storage layer turns a `Scope` into a filter on every query.
 */
import { ForbiddenError, ValidationError } from '../errors.ts';
import { isDepartmentRole, type Role } from './role.ts';

/** One role granted to a user, with its scope resolved. */
export interface RoleGrant {
  role: Role;
  /** Root of the area subtree, for area roles. */
  area: { id: string; code: string; path: string[] } | null;
  /** The department, for department roles. */
  department: { id: string; code: string } | null;
}

/** Who is calling: a signed-in user or a token's owner. */
export interface Actor {
  userId: string;
  login: string;
  displayName: string;
  grants: RoleGrant[];
  /** How the caller proved who it is. */
  via: 'session' | 'token';
}

/** Subtrees and departments a caller may reach with some set of roles. */
export interface Scope {
  /** Paths (root → subtree root, ids) of every area subtree in scope. */
  areaPaths: string[][];
  departmentIds: string[];
}

/** True when the actor holds any of `roles` (anywhere). */
export function hasAnyRole(actor: Actor | null, roles: readonly Role[]): boolean {
  return actor !== null && actor.grants.some((grant) => roles.includes(grant.role));
}

/**
 * The scope an actor reaches through the given roles (all roles when omitted). Nested
 * subtrees are folded into their ancestor so filters stay short.
 */
export function scopeOf(actor: Actor, roles?: readonly Role[]): Scope {
  const grants = actor.grants.filter((grant) => !roles || roles.includes(grant.role));
  const paths = grants.flatMap((grant) => (grant.area ? [grant.area.path] : []));
  const folded = paths.filter(
    (path, i) =>
      !paths.some(
        (other, j) =>
          j !== i &&
          other.length <= path.length &&
          other.every((id, k) => path[k] === id) &&
          (other.length < path.length || j < i),
      ),
  );
  const departmentIds = [
    ...new Set(grants.flatMap((grant) => (grant.department ? [grant.department.id] : []))),
  ];
  return { areaPaths: folded, departmentIds };
}

/** True when an area (given by its path) lies inside the scope's subtrees. */
export function scopeCoversArea(scope: Scope, areaPath: readonly string[]): boolean {
  return scope.areaPaths.some(
    (root) => root.length <= areaPath.length && root.every((id, k) => areaPath[k] === id),
  );
}

/**
 * Demands one of `roles`.
 * @throws ForbiddenError when the actor holds none of them.
 */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasAnyRole(actor, roles)) {
    throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
  }
}

/**
 * Checks that a grant names the kind of scope its role needs.
 * @throws ValidationError when a department role has no department or an area role no area.
 */
export function checkGrantShape(role: Role, areaId: unknown, departmentId: unknown): void {
  if (role === 'resident') {
    if (areaId || departmentId) {
      throw new ValidationError('The resident role has no scope.', [
        { field: '/role', message: 'resident takes neither area nor department' },
      ]);
    }
    return;
  }
  if (isDepartmentRole(role)) {
    if (!departmentId || areaId) {
      throw new ValidationError(`The ${role} role is granted on a department.`, [
        { field: '/department', message: `${role} needs a department and no area` },
      ]);
    }
  } else if (!areaId || departmentId) {
    throw new ValidationError(`The ${role} role is granted on an area subtree.`, [
      { field: '/area', message: `${role} needs an area and no department` },
    ]);
  }
}

/**
 * True when every grant of another user lies inside the scope: area grants inside its
 * subtrees, department grants only for a scope that holds a whole tree (departments serve
 * the whole city). An admin may act for such a user (tokens); not for anyone wider.
 */
export function grantsWithinScope(scope: Scope, grants: readonly RoleGrant[]): boolean {
  const holdsRoot = scope.areaPaths.some((path) => path.length === 1);
  return grants.every((grant) =>
    grant.area ? scopeCoversArea(scope, grant.area.path) : grant.department ? holdsRoot : true,
  );
}
