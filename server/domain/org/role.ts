/** Roles and their scopes (SPEC "Roles and scope"). */

export const ROLES = [
  'resident',
  'volunteer',
  'grid_worker',
  'grid_leader',
  'dispatcher',
  'handler',
  'department_head',
  'mediator',
  'supervisor',
  'admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles granted on a department; every other staff role is granted on an area subtree. */
export const DEPARTMENT_ROLES: readonly Role[] = ['handler', 'department_head'];

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when the role is granted on a department rather than an area. */
export function isDepartmentRole(role: Role): boolean {
  return DEPARTMENT_ROLES.includes(role);
}
