/** The staff roles an admin grants, and which are granted on a department (SPEC "Roles and scope"). */
import type { Session } from '../../api/types.ts';

export const GRANTABLE_ROLES = [
  'grid_worker',
  'grid_leader',
  'volunteer',
  'dispatcher',
  'handler',
  'department_head',
  'mediator',
  'supervisor',
  'auditor',
  'admin',
] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Roles granted on a department; every other staff role is granted on an area subtree. */
export const DEPARTMENT_ROLES: readonly string[] = ['handler', 'department_head'];

export function isDepartmentRole(role: string): boolean {
  return DEPARTMENT_ROLES.includes(role);
}

/** The areas the signed-in user administers (roots of the admin's subtrees). */
export function adminAreas(session: Session | null | undefined): { id: string; code: string }[] {
  const seen = new Set<string>();
  const areas: { id: string; code: string }[] = [];
  for (const grant of session?.roles ?? []) {
    if (grant.role !== 'admin' || !grant.area || seen.has(grant.area.id)) continue;
    seen.add(grant.area.id);
    areas.push(grant.area);
  }
  return areas;
}
