/** Creates a staff account with its role grants. */
import { ValidationError, type FieldProblem } from '../domain/errors.ts';
import { isRole, type Role } from '../domain/org/role.ts';
import { checkGrantShape, type Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { OrgStore } from '../storage/stores/org-store.ts';
import type { GrantInput, UserStore } from '../storage/stores/user-store.ts';
import { hashPassword } from './secrets.ts';

/** A grant as a caller names it: role plus an area or department by id or code. */
export interface GrantRequest {
  role: string;
  area?: string | null;
  department?: string | null;
}

/** What a new account needs. */
export interface NewUser {
  login: string;
  displayName?: string;
  email?: string | null;
  password: string;
  grants: GrantRequest[];
}

const LOGIN = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

/** True when `email` looks like an e-mail address. */
export function isEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/**
 * Resolves grants named by id or code to stored ids; each bad grant adds a problem at
 * `${pointer}/<index>/…` instead.
 */
export async function resolveGrants(
  deps: {
    areas: Pick<AreaStore, 'findById' | 'findByCode'>;
    org: Pick<OrgStore, 'findDepartment'>;
  },
  requested: readonly GrantRequest[],
  pointer: string,
  problems: FieldProblem[],
): Promise<(GrantInput & { areaPath: string[] | null })[]> {
  const grants: (GrantInput & { areaPath: string[] | null })[] = [];
  for (const [i, grant] of requested.entries()) {
    if (!isRole(grant.role)) {
      problems.push({ field: `${pointer}/${i}/role`, message: `unknown role "${grant.role}"` });
      continue;
    }
    const role: Role = grant.role;
    try {
      checkGrantShape(role, grant.area, grant.department);
    } catch (error) {
      if (error instanceof ValidationError) {
        problems.push(...error.fields.map((f) => ({ ...f, field: `${pointer}/${i}${f.field}` })));
        continue;
      }
      throw error;
    }
    let areaId: string | null = null;
    let areaPath: string[] | null = null;
    let departmentId: string | null = null;
    if (grant.area) {
      const area =
        (await deps.areas.findById(grant.area)) ?? (await deps.areas.findByCode(grant.area));
      if (!area)
        problems.push({ field: `${pointer}/${i}/area`, message: `unknown area "${grant.area}"` });
      else {
        areaId = area.id;
        areaPath = area.path;
      }
    }
    if (grant.department) {
      const department = await deps.org.findDepartment(grant.department);
      if (!department) {
        problems.push({
          field: `${pointer}/${i}/department`,
          message: `unknown department "${grant.department}"`,
        });
      } else departmentId = department.id;
    }
    const duplicate = grants.some(
      (g) => g.role === role && g.areaId === areaId && g.departmentId === departmentId,
    );
    if (duplicate) {
      problems.push({ field: `${pointer}/${i}`, message: 'the same grant is listed twice' });
      continue;
    }
    grants.push({ role, areaId, departmentId, areaPath });
  }
  return grants;
}

/** Builds the create-user use case. */
export function createCreateUser(deps: {
  users: Pick<UserStore, 'insertUser'>;
  areas: Pick<AreaStore, 'findById' | 'findByCode'>;
  org: Pick<OrgStore, 'findDepartment'>;
  audit: Pick<AuditStore, 'append'>;
  clock: Clock;
}) {
  /**
   * Validates and stores the account; returns its id. With an actor (an admin through
   * the API), the creation is audited in the same transaction.
   * @throws ValidationError for a bad login, short password or unknown scope;
   *   ConflictError when the login is taken.
   */
  return async function createUser(input: NewUser, actor?: Actor): Promise<string> {
    const problems: FieldProblem[] = [];
    if (!LOGIN.test(input.login)) {
      problems.push({
        field: '/login',
        message: '2–64 characters: lower-case letters, digits, _ . -',
      });
    }
    if (input.password.length < 10 || input.password.length > 200) {
      problems.push({ field: '/password', message: 'must be 10 to 200 characters' });
    }
    // Blank is none, as in an edit (the HTTP layer's type coercion also turns a JSON null into "").
    const email = input.email?.trim() || null;
    if (email !== null && !isEmail(email)) {
      problems.push({ field: '/email', message: 'is not an e-mail address' });
    }
    const resolved = await resolveGrants(deps, input.grants, '/grants', problems);
    if (problems.length > 0) throw new ValidationError('The account was not created.', problems);
    const grants: GrantInput[] = resolved.map(({ role, areaId, departmentId }) => ({
      role,
      areaId,
      departmentId,
    }));
    const now = deps.clock.now();
    return deps.users.insertUser(
      {
        login: input.login,
        displayName: input.displayName?.trim() || input.login,
        email,
        passwordHash: await hashPassword(input.password),
        grants,
      },
      now,
      actor
        ? (trx, userId) =>
            deps.audit
              .append(trx, {
                at: now,
                actorId: actor.userId,
                actorLogin: actor.login,
                action: 'user.create',
                subjectType: 'user',
                subjectId: userId,
                details: { login: input.login, grants },
              })
              .then(() => undefined)
        : undefined,
    );
  };
}
